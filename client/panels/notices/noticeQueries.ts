import type { NoticeAction, NoticeFormInput, NoticeList } from '../../../shared/boardNotices.ts';
import { noticesApi } from '../../net/noticesApi.ts';
import { features } from '../../net/queries.ts';
import { useHallMutation, useHallQuery } from '../../net/useHallQuery.ts';

export const noticeKeys = { list: [features.notices, 'list'] } as const;

const EMPTY: NoticeList = { notices: [], categories: [] };

/**
 * The board's notices for this person. The hall says when one changes; a notice that begins or ends at the
 * station's midnight changes nothing anyone is told of, so the list also looks again every few minutes.
 */
export function useBoardNotices(): NoticeList {
  return (
    useHallQuery(noticeKeys.list, (token) => noticesApi.list(token), { refetchInterval: 5 * 60_000 }).data ?? EMPTY
  );
}

export const usePostNotice = () =>
  useHallMutation((token, form: NoticeFormInput) => noticesApi.post(token, form), [features.notices]);

export const useEditNotice = (id: string) =>
  useHallMutation((token, form: NoticeFormInput) => noticesApi.edit(token, id, form), [features.notices]);

export const useNoticeAction = (id: string) =>
  useHallMutation((token, action: NoticeAction) => noticesApi.act(token, id, action), [features.notices]);

export const useMarkRead = () =>
  useHallMutation((token, id: string) => noticesApi.markRead(token, id), [features.notices]);
