import { useTranslation } from 'react-i18next';
import { HallIntent } from '../../../shared/protocol.ts';
import type { DeskTicket } from '../../../shared/queue.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { Button, useFocusOnChange } from '../../ui/index.ts';
import { useGraceLeft } from './useGraceLeft.ts';

/** For a merchant called to the desk: begin serving, call again, or mark a no-show once the grace time is up. */
export function CallActions({ current, graceMs }: { current: DeskTicket; graceMs: number }) {
  const { t } = useTranslation();
  const graceLeft = useGraceLeft(current.calledAt, graceMs);
  // Just called: the next step is to begin once the merchant arrives.
  const start = useFocusOnChange<HTMLButtonElement>(current.ticketId, { onMount: true });
  return (
    <div className="row">
      <Button ref={start} className="primary" onClick={() => sendIntent(HallIntent.startService, undefined)}>
        {t('desk.start')}
      </Button>
      <Button onClick={() => sendIntent(HallIntent.recall, undefined)}>{t('desk.recall')}</Button>
      <Button disabled={graceLeft > 0} onClick={() => sendIntent(HallIntent.noShow, undefined)}>
        {graceLeft > 0 ? t('desk.noShowIn', { seconds: graceLeft }) : t('desk.noShow')}
      </Button>
    </div>
  );
}
