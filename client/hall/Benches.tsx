import { useMemo } from 'react';
import { BoxGeometry } from 'three';
import { hallLayout } from '../../shared/layout.ts';
import { StaticInstances, type Placement } from './StaticInstances.tsx';

const SEAT_W = 0.5;
const SEAT_D = 0.48;

/** Waiting-area benches with individual seats, so the area reads as a place to sit and wait. */
export function Benches() {
  const { rails, seats, backs, geo } = useMemo(() => {
    const rails: Placement[] = [];
    const seats: Placement[] = [];
    const backs: Placement[] = [];
    for (const b of hallLayout.benches) {
      rails.push({ position: [b.x, 0.2, b.z] });
      const n = Math.floor(b.w / (SEAT_W + 0.1));
      for (let s = 0; s < n; s++) {
        const x = b.x - b.w / 2 + (s + 0.5) * (b.w / n);
        seats.push({ position: [x, 0.45, b.z] });
        backs.push({ position: [x, 0.75, b.z - b.d * 0.4] });
      }
    }
    const d = hallLayout.benches[0]?.d ?? 0.6;
    const w = hallLayout.benches[0]?.w ?? 4;
    const geo = {
      rail: new BoxGeometry(w, 0.06, d * 0.6),
      seat: new BoxGeometry(SEAT_W, 0.06, SEAT_D),
      back: new BoxGeometry(SEAT_W, 0.5, 0.05),
    };
    return { rails, seats, backs, geo };
  }, []);
  return (
    <group>
      <StaticInstances geometry={geo.rail} items={rails} color="#7d8791" metalness={0.3} roughness={0.5} castShadow />
      <StaticInstances geometry={geo.seat} items={seats} color="#3d7ab8" roughness={0.6} castShadow />
      <StaticInstances geometry={geo.back} items={backs} color="#3d7ab8" roughness={0.6} castShadow />
    </group>
  );
}
