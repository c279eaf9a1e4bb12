/**
 * Texts painted on the hall's 3D signs. Like the signs of a real service hall they carry both languages at
 * once, whatever language the panels are in, so they are one catalogue of Chinese–English pairs.
 */
export const signs = {
  entrance: { zh: '城管会客厅', en: 'Reception Hall · 执法服务站' },
  desk: (n: number) => ({ zh: `${n}号窗口`, en: `Desk ${n}` }),
  queueBoard: { zh: '叫号屏', en: 'Now serving' },
  deskClosed: { zh: '暂停服务', en: 'Closed' },
  deskPaused: { zh: '暂停叫号', en: 'Paused' },
  deskOpen: { zh: '办理中', en: 'Open' },
  waiting: { zh: '等候', en: 'waiting' },
  calling: { zh: '请到窗口', en: 'Please come' },
  noticeBoard: { zh: '公告栏', en: 'Notice board' },
  noNotices: { zh: '暂无公告', en: 'No notices yet' },
  meeting: { zh: '【三方会谈】', en: 'Three-party session' },
  meetingRoom: { zh: '会议室 · 三方会谈', en: 'Meeting room' },
  /** Titles above staff members' heads, where a merchant's shop would be. */
  titles: {
    officer: '执法队员 · Officer',
    parkManager: '园区负责人 · Park manager',
  },
} as const;
