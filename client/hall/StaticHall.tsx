import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { hallLayout } from '../../shared/layout.ts';
import { useLabels } from '../panels/labels.ts';
import { addBenches } from './Benches.tsx';
import { addDesk, DESK_BADGE_LABEL, DESK_SIGN_LABEL, deskBadgeLabel, deskSignLabel } from './Desk.tsx';
import { addEntrance, ENTRANCE_LABEL, entranceLabel } from './EntranceSign.tsx';
import { addForecourt } from './Floor.tsx';
import { addMeetingRoom, MEETING_SIGN_LABEL, meetingSignLabel } from './MeetingRoom.tsx';
import { addNoticeBoard } from './NoticeBoard.tsx';
import { SERVICE_ACCENTS } from './palette.ts';
import { addPlants } from './Plants.tsx';
import { addQueueBoard } from './QueueBoard.tsx';
import { LabelAtlas } from './signAtlas.ts';
import { makeSignMaterial, makeSolidDepthMaterial, makeSolidMaterial, SignBatch, SolidBatch } from './staticBatch.ts';
import { addWalls } from './Walls.tsx';

const desks = hallLayout.desks;
const accent = (i: number) => SERVICE_ACCENTS[i % SERVICE_ACCENTS.length]!;
/** Sign atlas slots: each desk's sign, each desk's badge, the entrance, the meeting room. */
const SLOTS = [
  ...desks.map(() => DESK_SIGN_LABEL),
  ...desks.map(() => DESK_BADGE_LABEL),
  ENTRANCE_LABEL,
  MEETING_SIGN_LABEL,
];
const signSlot = (i: number) => i;
const badgeSlot = (i: number) => desks.length + i;
const ENTRANCE_SLOT = 2 * desks.length;
const MEETING_SLOT = ENTRANCE_SLOT + 1;

/**
 * Everything in the hall that stands still, in three draw calls (and one shadow pass): the solid scenery
 * (walls, windows, counters, chairs, benches, plants, frames, posts, the meeting room), the glass of the
 * meeting room's door, and every fixed sign from one atlas, painted in the page's language. What moves or
 * changes (the walls' dollhouse cut, desk lamps and placards, the screens) is set elsewhere.
 */
export function StaticHall() {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const hall = useMemo(() => {
    const atlas = new LabelAtlas(SLOTS);
    const solid = new SolidBatch();
    const glass = new SolidBatch();
    const signs = new SignBatch();
    addForecourt(solid);
    addWalls(solid);
    addEntrance(solid, signs, atlas.uv(ENTRANCE_SLOT));
    desks.forEach((desk, i) => addDesk(solid, signs, desk, accent(i), atlas.uv(signSlot(i)), atlas.uv(badgeSlot(i))));
    addQueueBoard(solid);
    addNoticeBoard(solid);
    addBenches(solid);
    addPlants(solid);
    addMeetingRoom(solid, glass, signs, atlas.uv(MEETING_SLOT));
    const glassMaterial = makeSolidMaterial();
    glassMaterial.transparent = true;
    glassMaterial.opacity = 0.55;
    return {
      atlas,
      solid: solid.build(),
      solidMaterial: makeSolidMaterial(),
      depthMaterial: makeSolidDepthMaterial(),
      glass: glass.build(),
      glassMaterial,
      signs: signs.build(),
      signMaterial: makeSignMaterial(atlas.texture),
    };
  }, []);
  useEffect(
    () => () => {
      hall.atlas.dispose();
      for (const x of [hall.solid, hall.solidMaterial, hall.depthMaterial, hall.glass, hall.glassMaterial]) x.dispose();
      hall.signs.dispose();
      hall.signMaterial.dispose();
    },
    [hall],
  );
  useEffect(() => {
    desks.forEach((desk, i) => {
      hall.atlas.paint(signSlot(i), deskSignLabel(desk, i + 1, accent(i), t, lang));
      hall.atlas.paint(badgeSlot(i), deskBadgeLabel(i + 1, accent(i), t));
    });
    hall.atlas.paint(ENTRANCE_SLOT, entranceLabel(t));
    hall.atlas.paint(MEETING_SLOT, meetingSignLabel(t));
    hall.atlas.commit();
  }, [hall, t, lang]);
  return (
    <group>
      <mesh
        geometry={hall.solid}
        material={hall.solidMaterial}
        customDepthMaterial={hall.depthMaterial}
        castShadow
        receiveShadow
      />
      <mesh geometry={hall.glass} material={hall.glassMaterial} />
      <mesh geometry={hall.signs} material={hall.signMaterial} />
    </group>
  );
}
