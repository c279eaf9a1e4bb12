import { useEffect, useMemo, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  Box2,
  type Camera,
  CanvasTexture,
  DataTexture,
  InstancedBufferAttribute,
  InstancedBufferGeometry,
  LinearFilter,
  PlaneGeometry,
  ShaderMaterial,
  Vector2,
  Vector3,
  type WebGLRenderer,
} from 'three';
import { avatarTracks, trackVersion, type AvatarTrack } from '../net/avatars.ts';
import { useConnection } from '../net/stores.ts';
import { paint, unpaint } from './paintedTexts.ts';
import { CJK_FONT, OFFLINE, ROLE_COLOURS } from './palette.ts';
import { keepDrawing } from './framePacer.ts';
import { TagSpreader } from './tagSpread.ts';
import { uploadFirst } from './uploadFirst.ts';

const SLOT_W = 256;
const SLOT_H = 40;
const ATLAS_W = 2048;
const COLS = ATLAS_W / SLOT_W;
const ROWS = 64;
const ATLAS_H = ROWS * SLOT_H;
/** 512 tags, one per avatar the hall can draw (HALL_MAX_CLIENTS is capped at 500). */
export const NAME_TAG_SLOTS = COLS * ROWS;
const SLOTS = NAME_TAG_SLOTS;
/** Height of a tag's centre above the floor, metres. */
const TAG_Y = 2.12;

/** On-screen size of a tag in CSS pixels: the atlas slot at 85 %, readable on a phone at any distance. */
const TAG_PX = [SLOT_W * 0.85, SLOT_H * 0.85] as const;

const vertexShader = /* glsl */ `
  attribute vec3 aOffset;
  attribute vec4 aUv;
  attribute float aLift;
  attribute float aShow;
  uniform vec2 uPixels;
  uniform vec2 uViewport;
  varying vec2 vUv;
  void main() {
    // A tag not shown (someone further off in a crowd) is put outside the clip volume: nothing is drawn.
    if (aShow < 0.5) {
      gl_Position = vec4(0.0, 0.0, 2.0, 1.0);
      vUv = vec2(0.0);
      return;
    }
    vUv = aUv.xy + uv * aUv.zw;
    // Billboard of constant screen size: place the anchor, then offset the corner in clip space.
    vec4 clip = projectionMatrix * viewMatrix * vec4(aOffset, 1.0);
    clip.xy += position.xy * uPixels / uViewport * 2.0 * clip.w;
    // Lifted, in CSS pixels, above the tags of people standing in front or beside (see tagSpread.ts).
    clip.y += aLift / uViewport.y * 2.0 * clip.w;
    gl_Position = clip;
  }
`;
const fragmentShader = /* glsl */ `
  uniform sampler2D uMap;
  varying vec2 vUv;
  void main() {
    vec4 c = texture2D(uMap, vUv);
    if (c.a < 0.05) discard;
    gl_FragColor = c;
  }
`;

interface Atlas {
  ctx: CanvasRenderingContext2D;
  texture: CanvasTexture;
  /** One slot's pixels, read from the atlas canvas, as the texture a new tag is uploaded from alone. */
  tag: DataTexture;
  /** Slots drawn since the last upload. */
  changed: number[];
  slots: Map<string, { slot: number; label: string }>;
  free: number[];
  /** Half the width of each slot's plate on screen, CSS pixels: what overlaps another tag. */
  halfWidth: Float32Array;
}

/** Second line of a tag: the shop for a merchant, the title for staff, in the page's language. */
function subtitle(track: AvatarTrack): string {
  return track.role === 'merchant' ? track.shop : i18next.t(`people.titles.${track.role}`);
}

const paintingOf = (slot: number) => `nameTag#${slot}`;

/** Where a slot sits in the atlas canvas (rows downwards), CSS pixels. */
const slotX = (slot: number) => (slot % COLS) * SLOT_W;
const slotY = (slot: number) => Math.floor(slot / COLS) * SLOT_H;

function drawTag(atlas: Atlas, slot: number, track: AvatarTrack): void {
  const { ctx } = atlas;
  const second = subtitle(track);
  const x = slotX(slot);
  const y = slotY(slot);
  ctx.clearRect(x, y, SLOT_W, SLOT_H);
  // The shop line is what merchants look for across the hall: big enough to read on a phone.
  const nameFont = `700 17px ${CJK_FONT}`;
  const shopFont = `500 13px ${CJK_FONT}`;
  // The plate hugs the text; the rest of the slot stays transparent (and is discarded when drawn).
  ctx.font = nameFont;
  const nameW = ctx.measureText(track.name).width;
  ctx.font = shopFont;
  const textW = Math.min(SLOT_W - 24, Math.max(nameW, ctx.measureText(second).width));
  const plateW = textW + 24;
  atlas.halfWidth[slot] = (plateW * TAG_PX[0]) / SLOT_W / 2;
  const left = x + (SLOT_W - plateW) / 2;
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.beginPath();
  ctx.roundRect(left, y + 1, plateW, SLOT_H - 2, 10);
  ctx.fill();
  ctx.fillStyle = track.online ? ROLE_COLOURS[track.role].body : OFFLINE;
  ctx.fillRect(left, y + 8, 5, SLOT_H - 16);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#1d232b';
  ctx.font = nameFont;
  ctx.fillText(track.name, x + SLOT_W / 2, y + 13, SLOT_W - 24);
  ctx.fillStyle = '#4a5563';
  ctx.font = shopFont;
  ctx.fillText(second, x + SLOT_W / 2, y + 29, SLOT_W - 24);
  atlas.changed.push(slot);
  paint(paintingOf(slot), [track.name, second]);
}

const region = new Box2(new Vector2(0, 0), new Vector2(SLOT_W, SLOT_H));
const into = new Vector2();

/**
 * Upload the tags drawn since the last frame, each alone (40 KB), not the whole atlas (20 MB): in a busy hall
 * people come into view every second, and a phone would copy the whole atlas each time. The atlas canvas keeps
 * every tag: the texture is built from it whole when the page first draws, or again after a lost context.
 */
function uploadChanged(atlas: Atlas, gl: WebGLRenderer): void {
  for (const slot of atlas.changed) {
    // Plain pixels (the atlas canvas lives in memory, willReadFrequently): a canvas as the source of a partial
    // upload cost the browser about 35 ms of CPU a tag in software WebGL, pixels next to nothing.
    const pixels = atlas.ctx.getImageData(slotX(slot), slotY(slot), SLOT_W, SLOT_H).data;
    atlas.tag.image.data = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    // The atlas is flipped (texture rows run upwards): a slot's bottom canvas row is its first texture row.
    into.set(slotX(slot), ATLAS_H - slotY(slot) - SLOT_H);
    gl.copyTextureToTexture(atlas.tag, atlas.texture, region, into);
  }
  atlas.changed.length = 0;
}

/** Give every person a slot (freeing those of people who left), redraw changed tags, rebuild the UVs. */
function relabel(atlas: Atlas, drawn: AvatarTrack[], uvs: InstancedBufferAttribute): void {
  for (const [id, entry] of atlas.slots) {
    if (!avatarTracks.has(id)) {
      atlas.slots.delete(id);
      atlas.free.push(entry.slot);
      unpaint(paintingOf(entry.slot));
    }
  }
  drawn.length = 0;
  for (const track of avatarTracks.values()) {
    let entry = atlas.slots.get(track.id);
    if (!entry) {
      const slot = atlas.free.pop();
      if (slot === undefined) continue; // more people than tags: the list still names everyone
      entry = { slot, label: '' };
      atlas.slots.set(track.id, entry);
    }
    // The language is part of the label: staff titles are redrawn in it when it changes.
    const label = `${track.name}\n${track.shop}\n${track.online ? 1 : 0}\n${i18next.language}`;
    if (entry.label !== label) {
      entry.label = label;
      drawTag(atlas, entry.slot, track);
    }
    const n = drawn.length;
    const col = entry.slot % COLS;
    const row = Math.floor(entry.slot / COLS);
    // Canvas rows run downwards, texture v upwards (flipY).
    uvs.setXYZW(n, (col * SLOT_W) / ATLAS_W, 1 - ((row + 1) * SLOT_H) / ATLAS_H, SLOT_W / ATLAS_W, SLOT_H / ATLAS_H);
    drawn.push(track);
  }
  uploadFirst(uvs, drawn.length);
}

/**
 * In a crowd, only the tags of the people nearest to oneself are drawn (staff always, and oneself): a page sees
 * up to 75 people, and 75 plates stacked over a crowd hide the crowd and say nothing. A tag comes on among the
 * nearest {@link TAGS_NEAR} and goes off only beyond {@link TAGS_KEEP}, so someone at the edge does not blink.
 * The people list names everyone in view.
 */
export const TAGS_NEAR = 16;
const TAGS_KEEP = 22;
/** How often who has a tag is chosen again, ms. */
const TAGS_EVERY_MS = 500;

/** Who keeps a tag: staff, oneself, and the nearest merchants (with the hysteresis above). */
function chooseTagged(list: AvatarTrack[], selfId: string | null, tagged: Set<string>): void {
  const self = selfId ? avatarTracks.get(selfId) : undefined;
  const others = list
    .filter((t) => t.id !== selfId && t.role === 'merchant')
    .map((t) => ({ id: t.id, d: self ? Math.hypot(t.rx - self.rx, t.rz - self.rz) : 0 }))
    .sort((a, b) => a.d - b.d);
  const next = new Set<string>();
  for (const t of list) if (t.id === selfId || t.role !== 'merchant') next.add(t.id);
  others.forEach((o, rank) => {
    if (rank < TAGS_NEAR || (rank < TAGS_KEEP && tagged.has(o.id))) next.add(o.id);
  });
  tagged.clear();
  for (const id of next) tagged.add(id);
}

const spreader = new TagSpreader(SLOTS);
const screenX = new Float32Array(SLOTS);
const screenY = new Float32Array(SLOTS);
const halfW = new Float32Array(SLOTS);
const shown = new Uint8Array(SLOTS);
const levels = new Uint8Array(SLOTS);
const anchor = new Vector3();
/** How fast a tag glides to its new level, per second: quick, but no jump when people pass each other. */
const LIFT_RATE = 12;

/** Lift the tags of people who share a spot on screen so each one can be read. */
function spreadTags(
  list: AvatarTrack[],
  tagged: ReadonlySet<string>,
  atlas: Atlas,
  camera: Camera,
  size: { width: number; height: number },
  dt: number,
  lifts: InstancedBufferAttribute,
): void {
  for (let n = 0; n < list.length; n++) {
    const t = list[n]!;
    anchor.set(t.rx, TAG_Y, t.rz).project(camera);
    shown[n] = tagged.has(t.id) && anchor.z < 1 && Math.abs(anchor.x) < 1.2 && Math.abs(anchor.y) < 1.2 ? 1 : 0;
    screenX[n] = ((anchor.x + 1) / 2) * size.width;
    screenY[n] = ((1 - anchor.y) / 2) * size.height;
    halfW[n] = atlas.halfWidth[atlas.slots.get(t.id)?.slot ?? 0] ?? TAG_PX[0] / 2;
  }
  spreader.spread(list.length, screenX, screenY, halfW, shown, TAG_PX[1], size.width, levels);
  const k = 1 - Math.exp(-dt * LIFT_RATE);
  const step = TAG_PX[1] * 1.05;
  const arr = lifts.array as Float32Array;
  for (let n = 0; n < list.length; n++) arr[n] = arr[n]! + (levels[n]! * step - arr[n]!) * k;
  uploadFirst(lifts, list.length);
}

/** The atlas of the tags on show, for {@link tagAtlasCheck}. */
let shownAtlas: Atlas | null = null;

/**
 * For tests: read the name tags' atlas back from the graphics card and compare each slot in use with the canvas it
 * was drawn on (pixels that are nearly opaque, within 8 levels a channel). `mismatched` counts slots that differ:
 * a tag uploaded to the wrong place, flipped, or not at all.
 */
export function tagAtlasCheck(gl: WebGLRenderer): { slots: number; mismatched: number } | null {
  const atlas = shownAtlas;
  const texture = atlas ? (gl.properties.get(atlas.texture) as { __webglTexture?: WebGLTexture }) : null;
  if (!atlas || !texture?.__webglTexture) return null;
  const ctx = gl.getContext();
  const fb = ctx.createFramebuffer();
  const before = ctx.getParameter(ctx.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
  ctx.bindFramebuffer(ctx.FRAMEBUFFER, fb);
  ctx.framebufferTexture2D(ctx.FRAMEBUFFER, ctx.COLOR_ATTACHMENT0, ctx.TEXTURE_2D, texture.__webglTexture, 0);
  const gpu = new Uint8Array(SLOT_W * SLOT_H * 4);
  let mismatched = 0;
  for (const { slot } of atlas.slots.values()) {
    // Texture rows run upwards: the slot's bottom canvas row is its first texture row.
    ctx.readPixels(slotX(slot), ATLAS_H - slotY(slot) - SLOT_H, SLOT_W, SLOT_H, ctx.RGBA, ctx.UNSIGNED_BYTE, gpu);
    const drawn = atlas.ctx.getImageData(slotX(slot), slotY(slot), SLOT_W, SLOT_H).data;
    let differs = false;
    for (let y = 0; y < SLOT_H && !differs; y++) {
      for (let x = 0; x < SLOT_W && !differs; x++) {
        const c = (y * SLOT_W + x) * 4;
        const g = ((SLOT_H - 1 - y) * SLOT_W + x) * 4;
        if (drawn[c + 3]! < 230 && gpu[g + 3]! < 230) continue;
        for (let k = 0; k < 4; k++) if (Math.abs(drawn[c + k]! - gpu[g + k]!) > 8) differs = true;
      }
    }
    if (differs) mismatched++;
  }
  ctx.bindFramebuffer(ctx.FRAMEBUFFER, before);
  ctx.deleteFramebuffer(fb);
  return { slots: atlas.slots.size, mismatched };
}

/**
 * Name and shop above every head, in one draw call: each tag is a slot in one canvas atlas, drawn once
 * when the person arrives, and all tags are a single instanced billboard.
 */
export function NameTags() {
  const atlas = useMemo<Atlas>(() => {
    const canvas = document.createElement('canvas');
    canvas.width = ATLAS_W;
    canvas.height = ATLAS_H;
    // Drawn in memory: each new tag's pixels are read back for its upload (see uploadChanged).
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const texture = new CanvasTexture(canvas);
    texture.minFilter = LinearFilter;
    texture.generateMipmaps = false;
    return {
      ctx,
      texture,
      tag: new DataTexture(new Uint8Array(SLOT_W * SLOT_H * 4), SLOT_W, SLOT_H),
      changed: [],
      slots: new Map(),
      free: Array.from({ length: SLOTS }, (_, i) => SLOTS - 1 - i),
      halfWidth: new Float32Array(SLOTS),
    };
  }, []);

  const { geometry, material, offsets, uvs, lifts, shows } = useMemo(() => {
    const plane = new PlaneGeometry(1, 1);
    const geometry = new InstancedBufferGeometry();
    geometry.index = plane.index;
    geometry.setAttribute('position', plane.getAttribute('position'));
    geometry.setAttribute('uv', plane.getAttribute('uv'));
    const offsets = new InstancedBufferAttribute(new Float32Array(SLOTS * 3), 3);
    const uvs = new InstancedBufferAttribute(new Float32Array(SLOTS * 4), 4);
    geometry.setAttribute('aOffset', offsets);
    geometry.setAttribute('aUv', uvs);
    const lifts = new InstancedBufferAttribute(new Float32Array(SLOTS), 1);
    geometry.setAttribute('aLift', lifts);
    const shows = new InstancedBufferAttribute(new Float32Array(SLOTS), 1);
    geometry.setAttribute('aShow', shows);
    geometry.instanceCount = 0;
    const material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      transparent: true,
      depthWrite: false,
      uniforms: {
        uMap: { value: atlas.texture },
        uPixels: { value: new Vector2(...TAG_PX) },
        uViewport: { value: new Vector2(1, 1) },
      },
    });
    return { geometry, material, offsets, uvs, lifts, shows };
  }, [atlas]);

  useEffect(() => {
    shownAtlas = atlas;
    return () => {
      if (shownAtlas === atlas) shownAtlas = null;
    };
  }, [atlas]);

  useEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
      atlas.texture.dispose();
      atlas.tag.dispose();
      for (const { slot } of atlas.slots.values()) unpaint(paintingOf(slot));
    },
    [geometry, material, atlas],
  );

  const size = useThree((state) => state.size);
  useEffect(() => {
    material.uniforms.uViewport!.value.set(size.width, size.height);
  }, [material, size]);

  const seenVersion = useRef(-1);
  const { i18n } = useTranslation();
  // A new language: every tag is looked at again on the next frame.
  useEffect(() => {
    seenVersion.current = -1;
  }, [i18n.language]);
  /** Tracks that have a tag, in instance order; rebuilt only when people change. */
  const drawn = useRef<AvatarTrack[]>([]);
  const tagged = useRef(new Set<string>());
  const chosenAt = useRef(-Infinity);
  useFrame(({ camera, clock, gl }, delta) => {
    const now = clock.elapsedTime * 1000;
    const changed = seenVersion.current !== trackVersion.value;
    if (changed) {
      seenVersion.current = trackVersion.value;
      relabel(atlas, drawn.current, uvs);
      uploadChanged(atlas, gl);
      geometry.instanceCount = drawn.current.length;
      keepDrawing(); // the tags make room for the newcomers
    }
    if (changed || now - chosenAt.current >= TAGS_EVERY_MS) {
      chosenAt.current = now;
      chooseTagged(drawn.current, useConnection.getState().selfId, tagged.current);
      const arr = shows.array as Float32Array;
      drawn.current.forEach((t, n) => (arr[n] = tagged.current.has(t.id) ? 1 : 0));
      uploadFirst(shows, drawn.current.length);
    }
    // Every frame only the positions move.
    const list = drawn.current;
    for (let n = 0; n < list.length; n++) offsets.setXYZ(n, list[n]!.rx, TAG_Y, list[n]!.rz);
    uploadFirst(offsets, list.length);
    spreadTags(list, tagged.current, atlas, camera, size, Math.min(delta, 0.1), lifts);
  });

  return <mesh geometry={geometry} material={material} frustumCulled={false} renderOrder={10} />;
}
