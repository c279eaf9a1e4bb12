import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLE_CODES } from '../../shared/roles.ts';
import { moreInHall, useConnection, usePeople } from '../net/stores.ts';

/** How often the count of the rest of the hall may change on screen (and so be read out), ms. */
export const MORE_EVERY_MS = 5000;

/**
 * A number that follows `value` at most once every `everyMs`: the latest value shows when the time is up.
 * Keeps a live region from chattering while people come and go.
 */
export function useCalmNumber(value: number, everyMs: number): number {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (value === shown) return;
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        setShown(value);
      },
      Math.max(0, last.current + everyMs - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [value, shown, everyMs]);
  return shown;
}

/**
 * Who is near, grouped by role, as a plain list a screen reader can walk through, and how many more are in
 * the hall beyond them (said politely, at most every few seconds).
 */
export function PeopleList() {
  const { t, i18n } = useTranslation();
  const people = usePeople((s) => s.people);
  const inHall = usePeople((s) => s.inHall);
  const selfId = useConnection((s) => s.selfId);
  const all = Object.values(people);
  const more = useCalmNumber(moreInHall(inHall, all.length), MORE_EVERY_MS);
  return (
    <section className="card people" aria-labelledby="people-heading">
      <h2 id="people-heading">{t('people.heading', { count: all.length })}</h2>
      {ROLE_CODES.map((role) => {
        const group = all
          .filter((p) => p.role === role)
          .sort((a, b) => (a.id === selfId ? -1 : b.id === selfId ? 1 : a.name.localeCompare(b.name, i18n.language)));
        if (group.length === 0) return null;
        return (
          <div key={role} className={`people-group role-${role}`}>
            <h3>{t(`people.roles.${role}`)}</h3>
            <ul>
              {group.map((p) => (
                <li key={p.id} data-person-id={p.id}>
                  <span className="swatch" aria-hidden="true" />
                  <span className="person-name">{p.name}</span>
                  {p.id === selfId && <span className="muted">{t('people.you')}</span>}
                  <span className="muted person-shop">
                    · {p.role === 'merchant' ? p.shop : t(`people.titles.${p.role}`)}
                  </span>
                  {!p.online && <span className="tag"> {t('people.away')}</span>}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <p className="muted people-more" role="status" aria-live="polite" aria-atomic="true">
        {more > 0 ? t('people.more', { count: more }) : ''}
      </p>
    </section>
  );
}
