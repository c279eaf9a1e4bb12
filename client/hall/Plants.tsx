import { hallLayout } from '../../shared/layout.ts';

/** Potted plants in the corners and beside the doors. */
export function Plants() {
  return (
    <group>
      {hallLayout.plants.map((p, i) => (
        <group key={i} position={[p.x, 0, p.z]}>
          <mesh position={[0, 0.3, 0]} castShadow>
            <cylinderGeometry args={[0.28, 0.22, 0.6, 10]} />
            <meshStandardMaterial color="#b5653f" roughness={0.8} />
          </mesh>
          <mesh position={[0, 1.05, 0]} castShadow>
            <icosahedronGeometry args={[0.45, 0]} />
            <meshStandardMaterial color="#3f8f4f" flatShading roughness={0.8} />
          </mesh>
          <mesh position={[0.12, 1.45, 0.05]} castShadow>
            <icosahedronGeometry args={[0.3, 0]} />
            <meshStandardMaterial color="#4fa35f" flatShading roughness={0.8} />
          </mesh>
        </group>
      ))}
    </group>
  );
}
