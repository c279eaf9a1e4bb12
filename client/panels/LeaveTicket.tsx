import { useTranslation } from 'react-i18next';
import { HallIntent } from '../../shared/protocol.ts';
import type { MyTicket } from '../../shared/queue.ts';
import { sendIntent } from '../net/hallConnection.ts';
import { Button, Dialog, DialogClose } from '../ui/index.ts';

/**
 * Giving up a number cannot be taken back (a new one goes to the end of the line), so it is asked first, in a
 * dialog that fills a phone's screen: one mis-tap near "take me to the desk" never costs anyone their place.
 * The way back is first, where the focus lands.
 */
export function LeaveTicket({ ticket }: { ticket: MyTicket }) {
  const { t } = useTranslation();
  return (
    <Dialog
      trigger={
        <Button className="leave-ticket" aria-label={t('services.leaveLabel', { number: ticket.number })}>
          {t('deskTruth.leave')}
        </Button>
      }
      title={t('deskTruth.leaveAsk', { number: ticket.number })}
      description={t('deskTruth.leaveBody')}
    >
      <DialogClose asChild>
        <Button className="primary">{t('deskTruth.leaveKeep')}</Button>
      </DialogClose>
      <DialogClose asChild>
        <Button className="danger" onClick={() => sendIntent(HallIntent.leaveQueue, { ticketId: ticket.id })}>
          {t('deskTruth.leaveConfirm')}
        </Button>
      </DialogClose>
    </Dialog>
  );
}
