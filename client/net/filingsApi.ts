import type { GateError } from '../../shared/accounts.ts';
import {
  FilingsRoute,
  IMAGE_MAX_BYTES,
  type FilingRefusal,
  type FilingView,
  type ReviewInput,
} from '../../shared/filing.ts';
import {
  FilingItemsRoute,
  type FilingItemRefusal,
  type HandInInput,
  type ItemAnswerInput,
} from '../../shared/filingItems.ts';
import { apiUrl, callFor, refusalOf, send, unreachable, type ApiResult } from './http.ts';
import { stationHeader } from './stationSlug.ts';

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));
const ofItem = (route: string, id: string, item: string) => one(route, id).replace(':item', encodeURIComponent(item));

/** Filing refusals carry one of the filings API's codes (or the gate's, or the transport's). */
const call = callFor<FilingRefusal>();
/** A hand-in or an answer to an item to follow is refused with the items' own codes. */
const callItem = callFor<FilingItemRefusal>();

const MB = 1024 * 1024;
/** The page's own bound on an image, named like the hall's bounds so it is worded the same way. */
const SIZE_LIMIT = { megabytes: IMAGE_MAX_BYTES / MB };

export type UploadResult = ApiResult<{ id: string }, FilingRefusal | GateError>;

/**
 * Send an image's bytes; the hall decides what it is from the content. A refusal keeps what the hall sent
 * with it: the bound (`limit`) and when to try again (`retryAfter`).
 */
export async function uploadImage(token: string, file: Blob): Promise<UploadResult> {
  if (file.size === 0) return { ok: false, error: 'empty' };
  if (file.size > IMAGE_MAX_BYTES) return { ok: false, error: 'too_large', limit: SIZE_LIMIT };
  const r = await send<{ id?: string }, FilingRefusal | GateError>('POST', FilingsRoute.uploads, {
    token,
    bytes: file,
  });
  if (!r.ok) return r.error === 'too_large' ? { ...r, limit: r.limit ?? SIZE_LIMIT } : r;
  return r.value.id ? { ok: true, value: { id: r.value.id } } : { ok: false, error: 'network' };
}

/**
 * An uploaded image's bytes, or why they could not be read: images need the token, so they are fetched, not
 * linked.
 */
export async function imageBlob(token: string, id: string): Promise<ApiResult<Blob, FilingRefusal | GateError>> {
  try {
    const res = await fetch(apiUrl(one(FilingsRoute.upload, id)), {
      headers: { ...stationHeader(), Authorization: `Bearer ${token}` },
    });
    return res.ok ? { ok: true, value: await res.blob() } : refusalOf<FilingRefusal | GateError>(res);
  } catch {
    return unreachable();
  }
}

export const filingsApi = {
  list: (token: string) => call<{ filings: FilingView[] }>('GET', FilingsRoute.filings, undefined, token),
  submit: (token: string, form: unknown) => call<FilingView>('POST', FilingsRoute.filings, form, token),
  resubmit: (token: string, id: string, form: unknown) =>
    call<FilingView>('PUT', one(FilingsRoute.filing, id), form, token),
  review: (token: string, id: string, step: ReviewInput) =>
    call<FilingView>('POST', one(FilingsRoute.review, id), step, token),
  one: (token: string, id: string) => call<FilingView>('GET', one(FilingsRoute.filing, id), undefined, token),
  handIn: (token: string, id: string, item: string, answer: HandInInput) =>
    callItem<FilingView>('POST', ofItem(FilingItemsRoute.handIn, id, item), answer, token),
  answerItem: (token: string, id: string, item: string, answer: ItemAnswerInput) =>
    callItem<FilingView>('POST', ofItem(FilingItemsRoute.answer, id, item), answer, token),
};
