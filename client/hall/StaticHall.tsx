import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useHallLayout } from '../net/layoutStore.ts';
import { useLabels } from '../panels/labels.ts';
import { addBenches } from './Benches.tsx';
import { addDesk, DESK_BADGE_LABEL, deskBadgeLabel } from './Desk.tsx';
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

const accent = (i: number) => SERVICE_ACCENTS[i % SERVICE_ACCENTS.length]!;

/**
 * Sign atlas slots for a hall of `desks` desks: each desk's badge, the entrance, the meeting room (the desks'
 * signs change with their state: Desk.tsx).
 */
function slotsFor(desks: number) {
  return {
    all: [...Array.from({ length: desks }, () => DESK_BADGE_LABEL), ENTRANCE_LABEL, MEETING_SIGN_LABEL],
    badge: (i: number) => i,
    entrance: desks,
    meeting: desks + 1,
  };
}

/**
 * Everything in the hall that stands still, in three draw calls (and one shadow pass): the solid scenery
 * (walls, windows, counters, chairs, benches, plants, frames, posts, the meeting room), the glass of the
 * meeting room's door, and every fixed sign from one atlas, painted in the page's language. What moves or
 * changes (the walls' dollhouse cut, desk lamps and placards, the screens) is set elsewhere.
 */
export function StaticHall() {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const layout = useHallLayout();
  const { desks } = layout;
  const slots = useMemo(() => slotsFor(desks.length), [desks.length]);
  const hall = useMemo(() => {
    const atlas = new LabelAtlas(slots.all);
    const solid = new SolidBatch();
    const glass = new SolidBatch();
    const signs = new SignBatch();
    addForecourt(solid, layout);
    addWalls(solid, layout);
    addEntrance(solid, signs, atlas.uv(slots.entrance), layout);
    desks.forEach((desk, i) => addDesk(solid, signs, desk, accent(i), atlas.uv(slots.badge(i)), layout));
    addQueueBoard(solid, layout);
    addNoticeBoard(solid, layout);
    addBenches(solid, layout);
    addPlants(solid, layout);
    addMeetingRoom(solid, glass, signs, atlas.uv(slots.meeting), layout);
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
  }, [layout, desks, slots]);
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
    desks.forEach((_desk, i) => hall.atlas.paint(slots.badge(i), deskBadgeLabel(i + 1, accent(i), t)));
    hall.atlas.paint(slots.entrance, entranceLabel(t));
    hall.atlas.paint(slots.meeting, meetingSignLabel(t));
    hall.atlas.commit();
  }, [hall, desks, slots, t, lang]);
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
