import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  app: {
    title: 'Reception Hall',
    documentTitle: 'Reception Hall · 城管会客厅',
    subtitle: 'City-management service station · 3D reception hall',
    skipToPanels: 'Skip to the panels',
  },
  lang: {
    switchTo: '中文',
    switchLabel: '切换到中文',
  },
  signIn: {
    heading: 'Sign in to the hall',
    intro: 'Give your name and your shop to walk in. This browser remembers you next time.',
    name: 'Your name',
    namePlaceholder: 'e.g. Ms Wang',
    shop: 'Shop name',
    shopPlaceholder: 'e.g. Old Wang Noodles',
    phone: 'Mobile number (optional)',
    phonePlaceholder: 'e.g. 138 0000 0000',
    tabsLabel: 'How to sign in',
    tabs: {
      merchant: 'Merchant',
      recover: 'Use a recovery code',
      staff: 'Staff',
    },
    submit: 'Enter the hall',
    entering: 'Entering…',
    errors: {
      required: 'Please fill this in',
      too_long: 'At most {{max}} characters',
      invalid_chars: 'Contains characters that cannot be shown; please remove them',
      invalid_phone: 'Enter a valid mobile number, or leave it empty',
    },
  },
  staff: {
    heading: 'Staff sign-in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    errors: {
      required: 'Enter your username and password',
      invalid_credentials: 'Wrong username or password',
      throttled: 'Too many attempts; try again in {{minutes}} min',
      account_disabled: 'This account is disabled; ask an administrator',
    },
  },
  recover: {
    heading: 'Sign in with a recovery code',
    intro: 'On a new phone or another device, enter the recovery code you saved when you first signed in.',
    code: 'Recovery code',
    submit: 'Sign in',
    errors: {
      required: 'Enter your recovery code',
      invalid: 'That recovery code is not right; check it and try again',
    },
  },
  recoveryNotice: {
    heading: 'Save your recovery code',
    body: 'You need it to sign in on another phone or device. It is shown only now; you can get a new one in your profile.',
    copy: 'Copy',
    saved: 'I have saved it',
  },
  profile: {
    heading: 'My profile',
    save: 'Save',
    saved: 'Saved',
    invalid: 'Please check what you entered',
    newCode: 'Get a new recovery code',
    codeHint: 'A new recovery code replaces the old one.',
  },
  errors: {
    network: 'Cannot reach the hall; check your connection and try again',
    refused: 'That did not work; please try again later',
  },
  status: {
    connecting: 'Connecting to the hall…',
    reconnecting: 'Connection lost, reconnecting… Your place is kept.',
    reconnected: 'Reconnected.',
    lost: 'Disconnected from the hall. Trying again.',
    full: 'The hall is full. Please come back a little later.',
    refused: 'The hall refused this connection. Reload the page to try again.',
    retry: 'Retry now',
  },
  loading: {
    scene: 'Loading the 3D hall…',
    label: 'Loading progress',
  },
  people: {
    heading: 'People here ({{count}})',
    you: '(you)',
    away: 'connection lost',
    roles: {
      merchant: 'Merchants',
      officer: 'Officers',
      parkManager: 'Park managers',
    },
    titles: {
      officer: 'Officer',
      parkManager: 'Park manager',
      admin: 'Administrator',
    },
    toggle: 'People here',
  },
  goTo: {
    heading: 'Go to',
    hint: 'You can also click the floor, or walk with WASD / arrow keys.',
  },
  me: {
    label: 'Signed in',
    signOut: 'Sign out',
    signedInAs: '{{name}} · {{shop}}',
  },
  reasons: {
    invalid_payload: 'Not accepted: the data was malformed.',
    unknown_message: 'Not accepted: unknown action.',
    target_blocked: 'You cannot walk there; try another spot.',
    no_path: 'There is no way to get there.',
    too_many_invalid: 'Too many invalid actions; disconnected.',
    flood: 'Too many actions too quickly; disconnected.',
    not_permitted: 'You are not allowed to do that.',
    account_changed: 'Your account was disabled or its password changed; please sign in again.',
  },
  dismiss: 'Dismiss',
  joystick: 'Movement joystick',
  scene: {
    label:
      '3D hall. When focused, walk with arrow keys or WASD, turn the view with Q / E, zoom with + / -; click the floor to walk there.',
  },
};
