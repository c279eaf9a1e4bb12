import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BoxGeometry } from 'three';
import { hallLayout } from '../../shared/layout.ts';
import { makeLabelTexture } from './labelTexture.ts';
import { PARTY_COLOURS } from './palette.ts';
import { StaticInstances, type Placement } from './StaticInstances.tsx';

const SEATS = 12;

/**
 * The three-party meeting room: a round table with seats in three colours, one arc per party, and a
 * signed double door in the partition, standing open.
 */
export function MeetingRoom() {
  const { area, door, table } = hallLayout.meetingRoom;
  const { t } = useTranslation();
  const sign = useMemo(
    () =>
      makeLabelTexture({
        width: 512,
        height: 160,
        background: '#2f8a5b',
        lines: [
          { text: t('signs.meetingRoom'), size: 54, weight: 700, color: '#ffffff' },
          { text: t('signs.meetingRoomSub'), size: 34, color: '#e0f2e8' },
        ],
      }),
    [t],
  );
  useEffect(() => () => sign.dispose(), [sign]);
  const chairs = useMemo(() => {
    const seats: Placement[] = [];
    const backs: Placement[] = [];
    for (let i = 0; i < SEATS; i++) {
      const a = (i / SEATS) * Math.PI * 2;
      const r = table.r + 0.55;
      const color = PARTY_COLOURS[Math.floor((i / SEATS) * 3)];
      const x = table.x + Math.sin(a) * r;
      const z = table.z + Math.cos(a) * r;
      seats.push({ position: [x, 0.45, z], rotationY: a + Math.PI, color });
      // The back sits on the far side of the seat from the table.
      backs.push({ position: [x + Math.sin(a) * 0.2, 0.75, z + Math.cos(a) * 0.2], rotationY: a + Math.PI, color });
    }
    return { seats, backs, seatGeo: new BoxGeometry(0.45, 0.08, 0.45), backGeo: new BoxGeometry(0.45, 0.55, 0.06) };
  }, [table]);
  return (
    <group>
      <StaticInstances geometry={chairs.seatGeo} items={chairs.seats} castShadow />
      <StaticInstances geometry={chairs.backGeo} items={chairs.backs} castShadow />
      <mesh rotation-x={-Math.PI / 2} position={[area.x, 0.004, area.z]} receiveShadow>
        <planeGeometry args={[area.w, area.d]} />
        <meshStandardMaterial color="#c9b79c" roughness={0.9} />
      </mesh>
      <group position={[table.x, 0, table.z]}>
        <mesh position={[0, 0.74, 0]} castShadow receiveShadow>
          <cylinderGeometry args={[table.r, table.r, 0.06, 32]} />
          <meshStandardMaterial color="#8a6a4f" roughness={0.5} />
        </mesh>
        <mesh position={[0, 0.37, 0]}>
          <cylinderGeometry args={[0.2, 0.35, 0.72, 12]} />
          <meshStandardMaterial color="#5d4636" />
        </mesh>
      </group>
      {/* Door frame, two leaves standing open into the room, and the sign on the hall side. */}
      <group position={[door.x, 0, door.z]}>
        <mesh position={[0, 2.3, 0]}>
          <boxGeometry args={[0.26, 0.2, door.w + 0.2]} />
          <meshStandardMaterial color="#5d4636" />
        </mesh>
        {[-1, 1].map((side) => (
          <group key={side} position={[0, 0, (side * door.w) / 2]}>
            <mesh position={[0, 1.2, side * 0.05]} castShadow>
              <boxGeometry args={[0.26, 2.4, 0.1]} />
              <meshStandardMaterial color="#5d4636" />
            </mesh>
            {/* The leaf is hinged at the jamb and turned a little past square, into the room. */}
            <group rotation-y={side * -1.75}>
              <mesh position={[0, 1.05, (-side * door.w) / 4]} castShadow>
                <boxGeometry args={[0.05, 2.1, door.w / 2 - 0.04]} />
                <meshStandardMaterial color="#9b7653" roughness={0.6} />
              </mesh>
              <mesh position={[0, 1.35, (-side * door.w) / 4]}>
                <boxGeometry args={[0.06, 0.9, door.w / 2 - 0.3]} />
                <meshStandardMaterial color="#cfe3ee" roughness={0.1} transparent opacity={0.55} />
              </mesh>
              <mesh position={[0.05, 1.0, -side * (door.w / 2 - 0.12)]}>
                <boxGeometry args={[0.04, 0.04, 0.16]} />
                <meshStandardMaterial color="#c9ccd1" metalness={0.8} roughness={0.3} />
              </mesh>
            </group>
          </group>
        ))}
        <mesh position={[-0.12, 1.8, -(door.w / 2 + 0.85)]} rotation-y={-Math.PI / 2}>
          <planeGeometry args={[1.5, 0.47]} />
          <meshBasicMaterial map={sign} toneMapped={false} />
        </mesh>
      </group>
    </group>
  );
}
