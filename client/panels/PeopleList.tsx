import { useTranslation } from 'react-i18next';
import { ROLE_CODES } from '../../shared/roles.ts';
import { useConnection, usePeople } from '../net/stores.ts';

/** Who is in the hall, grouped by role, as a plain list a screen reader can walk through. */
export function PeopleList() {
  const { t, i18n } = useTranslation();
  const people = usePeople((s) => s.people);
  const selfId = useConnection((s) => s.selfId);
  const all = Object.values(people);
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
    </section>
  );
}
