import { FilingsRoute, IMAGE_MAX_BYTES, type FilingView, type ReviewInput } from '../../shared/filing.ts';
import { apiUrl, call } from './accountsApi.ts';

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

export type UploadResult = { ok: true; id: string } | { ok: false; error: string };

/** Send an image's bytes; the hall decides what it is from the content. */
export async function uploadImage(token: string, file: Blob): Promise<UploadResult> {
  if (file.size === 0) return { ok: false, error: 'empty' };
  if (file.size > IMAGE_MAX_BYTES) return { ok: false, error: 'too_large' };
  try {
    const res = await fetch(apiUrl(FilingsRoute.uploads), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
      body: file,
    });
    const data = (await res.json().catch(() => ({}))) as { id?: string; error?: string };
    if (res.status === 413) return { ok: false, error: 'too_large' };
    return res.ok && data.id ? { ok: true, id: data.id } : { ok: false, error: data.error ?? 'network' };
  } catch {
    return { ok: false, error: 'network' };
  }
}

/** An uploaded image as an object URL for an <img>: images need the token, so they are fetched, not linked. */
export async function imageUrl(token: string, id: string): Promise<string | null> {
  try {
    const res = await fetch(apiUrl(one(FilingsRoute.upload, id)), { headers: { Authorization: `Bearer ${token}` } });
    return res.ok ? URL.createObjectURL(await res.blob()) : null;
  } catch {
    return null;
  }
}

export const filingsApi = {
  list: (token: string) => call<{ filings: FilingView[] }>('GET', FilingsRoute.filings, undefined, token),
  submit: (token: string, form: unknown) => call<FilingView>('POST', FilingsRoute.filings, form, token),
  resubmit: (token: string, id: string, form: unknown) =>
    call<FilingView>('PUT', one(FilingsRoute.filing, id), form, token),
  review: (token: string, id: string, step: ReviewInput) =>
    call<FilingView>('POST', one(FilingsRoute.review, id), step, token),
};
