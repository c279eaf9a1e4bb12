import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECKLIST_ITEM_MAX, CHECKLIST_MAX_ITEMS } from '../../../shared/queue.ts';
import { Button } from '../../ui/index.ts';

/**
 * What the merchant is told to do (一次性告知): the service's usual items to tick, and the officer's own
 * items added one by one and removable.
 */
export function ChecklistField({
  suggestions,
  items,
  onChange,
}: {
  suggestions: string[];
  items: string[];
  onChange: (items: string[]) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const id = useId();
  const toggle = (text: string, on: boolean) => onChange(on ? [...items, text] : items.filter((x) => x !== text));
  const add = () => {
    const text = draft.trim();
    if (text && !items.includes(text) && items.length < CHECKLIST_MAX_ITEMS) onChange([...items, text]);
    setDraft('');
  };
  return (
    <fieldset>
      <legend>{t('desk.checklist')}</legend>
      {suggestions.map((text) => (
        <label key={text} className="choice">
          <input type="checkbox" checked={items.includes(text)} onChange={(e) => toggle(text, e.target.checked)} />
          {text}
        </label>
      ))}
      {items
        .filter((x) => !suggestions.includes(x))
        .map((text) => (
          <p key={text} className="row checklist-item">
            <span>{text}</span>
            <Button aria-label={t('desk.removeItem', { text })} onClick={() => toggle(text, false)}>
              ×
            </Button>
          </p>
        ))}
      <div className="field row">
        <label htmlFor={id} className="sr-only">
          {t('desk.addItem')}
        </label>
        <input
          id={id}
          value={draft}
          maxLength={CHECKLIST_ITEM_MAX}
          placeholder={t('desk.itemPlaceholder')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button onClick={add}>{t('desk.add')}</Button>
      </div>
    </fieldset>
  );
}
