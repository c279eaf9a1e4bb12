import { useMemo } from 'react';
import { hallLayout, type DeskDef } from '../../shared/layout.ts';
import { signs } from '../i18n/signs.ts';
import { makeLabelTexture } from './labelTexture.ts';

interface Props {
  desk: DeskDef;
  number: number;
  accent: string;
}

/** A service counter with the officer's chair behind it and a bilingual sign hanging above. */
export function Desk({ desk, number, accent }: Props) {
  const { counter, staffPoint } = desk;
  const sign = useMemo(() => {
    const services = hallLayout.services.filter((s) => desk.services.includes(s.id));
    return makeLabelTexture({
      width: 768,
      height: 320,
      background: '#fbfaf7',
      band: { color: accent, height: 70 },
      lines: [
        { text: services.map((s) => s.name.zh).join(' · '), size: 96, weight: 700 },
        { text: services.map((s) => s.name.en).join(' · '), size: 46, color: '#47505c' },
      ],
    });
  }, [desk, accent]);
  const badge = useMemo(
    () =>
      makeLabelTexture({
        width: 256,
        height: 128,
        background: accent,
        lines: [
          { text: `${signs.desk(number).zh} · ${signs.desk(number).en}`, size: 30, weight: 700, color: '#ffffff' },
        ],
      }),
    [number, accent],
  );
  return (
    <group>
      {/* Counter body and top. */}
      <mesh position={[counter.x, 0.5, counter.z]} castShadow receiveShadow>
        <boxGeometry args={[counter.w, 1, counter.d]} />
        <meshStandardMaterial color="#f5f2ec" roughness={0.6} />
      </mesh>
      <mesh position={[counter.x, 1.03, counter.z]} castShadow>
        <boxGeometry args={[counter.w + 0.1, 0.06, counter.d + 0.1]} />
        <meshStandardMaterial color="#8a6a4f" roughness={0.5} />
      </mesh>
      <mesh position={[counter.x, 0.5, counter.z + counter.d / 2 + 0.005]}>
        <planeGeometry args={[counter.w, 0.12]} />
        <meshStandardMaterial color={accent} />
      </mesh>
      <mesh position={[counter.x, 0.75, counter.z + counter.d / 2 + 0.006]}>
        <planeGeometry args={[0.9, 0.45]} />
        <meshBasicMaterial map={badge} toneMapped={false} />
      </mesh>
      {/* Officer's chair. */}
      <group position={[staffPoint.x, 0, staffPoint.z]}>
        <mesh position={[0, 0.45, 0]} castShadow>
          <boxGeometry args={[0.5, 0.08, 0.5]} />
          <meshStandardMaterial color="#34495e" />
        </mesh>
        <mesh position={[0, 0.8, -0.24]} castShadow>
          <boxGeometry args={[0.5, 0.6, 0.06]} />
          <meshStandardMaterial color="#34495e" />
        </mesh>
        <mesh position={[0, 0.22, 0]}>
          <cylinderGeometry args={[0.04, 0.04, 0.44, 6]} />
          <meshStandardMaterial color="#555" />
        </mesh>
      </group>
      {/* Hanging sign. */}
      <group position={[counter.x, 2.75, counter.z]}>
        <mesh>
          <boxGeometry args={[2.5, 1.05, 0.06]} />
          <meshStandardMaterial color={accent} />
        </mesh>
        <mesh position={[0, 0, 0.035]}>
          <planeGeometry args={[2.4, 1]} />
          <meshBasicMaterial map={sign} toneMapped={false} />
        </mesh>
        <mesh position={[-1, 0.9, 0]}>
          <cylinderGeometry args={[0.01, 0.01, 0.8, 4]} />
          <meshStandardMaterial color="#666" />
        </mesh>
        <mesh position={[1, 0.9, 0]}>
          <cylinderGeometry args={[0.01, 0.01, 0.8, 4]} />
          <meshStandardMaterial color="#666" />
        </mesh>
      </group>
    </group>
  );
}
