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
    submit: 'Enter the hall',
    entering: 'Entering…',
    errors: {
      required: 'Please fill this in',
      too_long: 'At most {{max}} characters',
      invalid_chars: 'Contains characters that cannot be shown; please remove them',
    },
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
    invalid_profile: 'The sign-in details were not accepted.',
    hall_full: 'The hall is full.',
  },
  dismiss: 'Dismiss',
  joystick: 'Movement joystick',
  scene: {
    label:
      '3D hall. When focused, walk with arrow keys or WASD, turn the view with Q / E, zoom with + / -; click the floor to walk there.',
  },
};
