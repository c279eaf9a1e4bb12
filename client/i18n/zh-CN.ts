/** 简体中文 — the hall's default language. Every key here must exist in `en.ts` (checked by a test). */
export const zhCN = {
  app: {
    title: '城管会客厅',
    documentTitle: '城管会客厅 · Reception Hall',
    subtitle: '执法服务站 · 元宇宙会客厅',
    skipToPanels: '跳到操作面板',
  },
  lang: {
    switchTo: 'English',
    switchLabel: 'Switch to English',
  },
  signIn: {
    heading: '商户登记进厅',
    intro: '填写称呼和店铺名称即可进入大厅。本浏览器会记住您，下次无需再填。',
    name: '您的称呼',
    namePlaceholder: '例如：王女士',
    shop: '店铺名称',
    shopPlaceholder: '例如：科教园区老王面馆',
    phone: '手机号（选填）',
    phonePlaceholder: '例如：138 0000 0000',
    tabsLabel: '登录方式',
    tabs: {
      merchant: '商户登记',
      recover: '恢复码登录',
      staff: '工作人员登录',
    },
    submit: '进入大厅',
    entering: '正在进入…',
    errors: {
      required: '请填写此项',
      too_long: '最多 {{max}} 个字',
      invalid_chars: '含有不能显示的字符，请删除后再试',
      invalid_phone: '请填写正确的手机号，或留空',
    },
  },
  staff: {
    heading: '工作人员登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    errors: {
      required: '请填写用户名和密码',
      invalid_credentials: '用户名或密码不正确',
      throttled: '尝试次数过多，请 {{minutes}} 分钟后再试',
      account_disabled: '此账号已停用，请联系管理员',
    },
  },
  recover: {
    heading: '用恢复码登录',
    intro: '在新手机或其他设备上，输入您首次登记时保存的恢复码，即可找回您的记录。',
    code: '恢复码',
    submit: '登录',
    errors: {
      required: '请填写恢复码',
      invalid: '恢复码不正确，请检查后重试',
    },
  },
  recoveryNotice: {
    heading: '请保存您的恢复码',
    body: '换手机或在其他设备上登录时需要它。它只显示这一次；以后可在“我的资料”中换一个新的。',
    copy: '复制',
    saved: '我已保存',
  },
  profile: {
    heading: '我的资料',
    save: '保存',
    saved: '已保存',
    invalid: '请检查填写的内容',
    newCode: '获取新的恢复码',
    codeHint: '获取新的恢复码后，旧的恢复码即失效。',
  },
  errors: {
    network: '无法连接大厅，请检查网络后重试',
    refused: '操作未成功，请稍后再试',
  },
  status: {
    connecting: '正在连接大厅…',
    reconnecting: '网络中断，正在重新连接…您的位置会保留。',
    reconnected: '已重新连接。',
    lost: '与大厅的连接已断开，正在重试。',
    full: '大厅人数已满，请稍后再来。',
    refused: '大厅拒绝了此次连接，请刷新页面后重试。',
    retry: '立即重试',
  },
  loading: {
    scene: '正在加载三维大厅…',
    label: '加载进度',
  },
  people: {
    heading: '在场人员（{{count}}）',
    you: '（您）',
    away: '连接中断',
    roles: {
      merchant: '商户',
      officer: '执法队员',
      parkManager: '园区负责人',
    },
    titles: {
      officer: '执法队员',
      parkManager: '园区负责人',
      admin: '管理员',
    },
    toggle: '在场人员',
  },
  goTo: {
    heading: '前往',
    hint: '也可以点击地面行走，或使用 WASD／方向键。',
  },
  me: {
    label: '当前登记',
    signOut: '退出登记',
    signedInAs: '{{name}} · {{shop}}',
  },
  reasons: {
    invalid_payload: '操作未被接受：数据格式不正确。',
    unknown_message: '操作未被接受：未知的操作。',
    target_blocked: '那里走不过去，请换个位置。',
    no_path: '找不到通往那里的路。',
    too_many_invalid: '无效操作过多，连接已断开。',
    flood: '操作过于频繁，连接已断开。',
    not_permitted: '您没有进行此操作的权限。',
    account_changed: '您的账号已停用或密码已更改，请重新登录。',
  },
  dismiss: '关闭提示',
  joystick: '移动摇杆',
  scene: {
    label: '三维大厅。选中此处后可用方向键或 WASD 行走，Q／E 转动视角，+／- 缩放；点击地面前往该处。',
  },
};

/** The shape every language's catalogue must have. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;
