import {
  NoticesRoute,
  type NoticeAction,
  type NoticeFormInput,
  type NoticeList,
  type NoticeRefusal,
  type NoticeView,
} from '../../shared/boardNotices.ts';
import { callFor } from './http.ts';

/** Notice refusals carry one of the notices API's codes (or the gate's, or the transport's). */
const call = callFor<NoticeRefusal>();

const one = (route: string, id: string) => route.replace(':id', encodeURIComponent(id));

/** The station's notice board over the hall's HTTP API: everyone reads it, officers keep it. */
export const noticesApi = {
  /** The notices this person may see, with their read marks, and the station's categories. */
  list: (token: string) => call<NoticeList>('GET', NoticesRoute.notices, undefined, token),
  post: (token: string, form: NoticeFormInput) => call<NoticeView>('POST', NoticesRoute.notices, form, token),
  edit: (token: string, id: string, form: NoticeFormInput) =>
    call<NoticeView>('PUT', one(NoticesRoute.one, id), form, token),
  act: (token: string, id: string, action: NoticeAction) =>
    call<NoticeView>('POST', one(NoticesRoute.actions, id), { action }, token),
  markRead: (token: string, id: string) => call<{ id: string }>('POST', one(NoticesRoute.read, id), undefined, token),
};
