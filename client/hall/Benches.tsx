import { hallLayout } from '../../shared/layout.ts';

const SEAT_W = 0.5;

/** Waiting-area benches, with individual seats so the area reads as a place to sit and wait. */
export function Benches() {
  return (
    <group>
      {hallLayout.benches.map((b, i) => {
        const seats = Math.floor(b.w / (SEAT_W + 0.1));
        return (
          <group key={i} position={[b.x, 0, b.z]}>
            <mesh position={[0, 0.2, 0]} castShadow receiveShadow>
              <boxGeometry args={[b.w, 0.06, b.d * 0.6]} />
              <meshStandardMaterial color="#7d8791" metalness={0.3} roughness={0.5} />
            </mesh>
            {Array.from({ length: seats }, (_, s) => (
              <group key={s} position={[-b.w / 2 + (s + 0.5) * (b.w / seats), 0, 0]}>
                <mesh position={[0, 0.45, 0]} castShadow>
                  <boxGeometry args={[SEAT_W, 0.06, b.d * 0.8]} />
                  <meshStandardMaterial color="#3d7ab8" roughness={0.6} />
                </mesh>
                <mesh position={[0, 0.75, -b.d * 0.4]} castShadow>
                  <boxGeometry args={[SEAT_W, 0.5, 0.05]} />
                  <meshStandardMaterial color="#3d7ab8" roughness={0.6} />
                </mesh>
              </group>
            ))}
          </group>
        );
      })}
    </group>
  );
}
