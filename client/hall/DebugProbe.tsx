import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { Vector3 } from 'three';
import { avatarTracks } from '../net/avatars.ts';
import { hallHalos } from './CallSpeaking.tsx';
import { useConnection, usePeople } from '../net/stores.ts';
import { drawn } from './avatarMotion.ts';
import { paintedTexts } from './paintedTexts.ts';
import { tagAtlasCheck } from './NameTags.tsx';

export interface HallProbe {
  /** Session id of the local person, once in the hall. */
  selfId(): string | null;
  /** Every avatar in view as drawn this frame (where its walk has it now; oneself as predicted). */
  avatars(): { id: string; name: string; shop: string; role: string; x: number; z: number }[];
  /** Everyone in the hall as the hall counts them, near or not. */
  people(): number;
  /** How many avatars the page has in view, oneself included. */
  inView(): number;
  /** The moment of the hall clock the avatars are drawn at this frame, ms. */
  drawnAt(): number;
  /** Screen position (CSS px, relative to the canvas) of a point, on the floor unless `y` is given. */
  project(x: number, z: number, y?: number): { x: number; y: number };
  /** Every text painted on the hall's signs, screens and name tags now on show, as drawn. */
  signTexts(): string[];
  /** Person ids with a speaking halo drawn over their figure in the last frame (a desk call's voices). */
  speaking(): string[];
  /**
   * The name tags' atlas as the graphics card holds it against the canvas it was drawn on: slots in use, and
   * how many differ (null before the first frame).
   */
  tagAtlas(): { slots: number; mismatched: number } | null;
  /** The renderer's own counters for the last frame, and how many frames it has drawn. */
  renderInfo(): { calls: number; triangles: number; geometries: number; textures: number; frame: number };
}

declare global {
  interface Window {
    __hall?: HallProbe;
  }
}

const v = new Vector3();

/**
 * A read-only window onto what the scene draws, for end-to-end tests and the benchmark: they check the
 * screen the way a person would, but need to know where on it to look. It exposes nothing the page does
 * not already show.
 */
export function DebugProbe() {
  const { camera, gl, size } = useThree();
  useEffect(() => {
    window.__hall = {
      selfId: () => useConnection.getState().selfId,
      avatars: () =>
        [...avatarTracks.values()].map((t) => ({
          id: t.id,
          name: t.name,
          shop: t.shop,
          role: t.role,
          x: t.rx,
          z: t.rz,
        })),
      people: () => usePeople.getState().inHall,
      inView: () => avatarTracks.size,
      drawnAt: () => drawn.at,
      project: (x, z, y = 0) => {
        v.set(x, y, z).project(camera);
        return { x: ((v.x + 1) / 2) * size.width, y: ((1 - v.y) / 2) * size.height };
      },
      signTexts: paintedTexts,
      speaking: hallHalos,
      tagAtlas: () => tagAtlasCheck(gl),
      renderInfo: () => {
        const r = gl.info.render;
        return {
          calls: r.calls,
          triangles: r.triangles,
          geometries: gl.info.memory.geometries,
          textures: gl.info.memory.textures,
          frame: r.frame,
        };
      },
    };
    return () => {
      delete window.__hall;
    };
  }, [camera, gl, size]);
  return null;
}
