import { useEffect, useState } from 'react';
import { HallIntent, Reason, type HallIntentPayloads } from '../../../shared/protocol.ts';
import { appointmentWindow } from '../../../shared/queue.ts';
import { sendIntent } from '../../net/hallConnection.ts';
import { useQueue } from '../../net/queueStore.ts';

/** How long a "take a number" waits for the hall's answer before the page says none came, ms. */
const TAKE_ANSWER_MS = 15_000;

type Ask = HallIntentPayloads[typeof HallIntent.takeTicket];

/**
 * Asking the hall for a number and following the answer: `sent` while it is awaited (until the ticket shows
 * up or the ask is refused), `unanswered` when it never left or no answer came, `justTaken` once it came, and
 * `fullWindow` when a booking was refused because its window is full. `take` answers whether the ask left.
 */
export function useTakeTicket() {
  const tickets = useQueue((s) => s.tickets);
  const refused = useQueue((s) => s.refused);
  const [pending, setPending] = useState<{ service: string; at: number; appointmentAt?: number } | null>(null);
  /** The last ask that never reached the hall, or that the hall never answered: said, and the button is back. */
  const [unanswered, setUnanswered] = useState<{ at: number; sent: boolean } | null>(null);
  // The number asked for has come: nothing is pending any more (so once that visit is over, the next
  // number for the same service can be taken without a reload).
  const arrived = pending === null ? undefined : tickets.find((x) => x.service === pending.service);
  const [justTaken, setJustTaken] = useState<string | null>(null);
  if (arrived) {
    setPending(null);
    setJustTaken(arrived.id);
  }
  // Waiting for the hall's answer until the ticket shows up or the request is refused.
  const sent =
    pending !== null &&
    unanswered?.at !== pending.at &&
    !tickets.some((x) => x.service === pending.service) &&
    !(refused && refused.intent === HallIntent.takeTicket && refused.at >= pending.at);
  // A lost answer (the connection dropped on the way) must not leave the button spinning for good.
  useEffect(() => {
    if (!sent || !pending) return;
    const timer = setTimeout(() => setUnanswered({ at: pending.at, sent: true }), TAKE_ANSWER_MS);
    return () => clearTimeout(timer);
  }, [sent, pending]);

  // A booking refused because its window is full: name the window, so another time can be chosen.
  const fullWindow =
    pending?.appointmentAt !== undefined &&
    refused?.intent === HallIntent.takeTicket &&
    refused.reason === Reason.appointmentFull &&
    refused.at >= pending.at
      ? appointmentWindow(pending.appointmentAt)
      : null;

  function take(ask: Ask): boolean {
    const askedAt = Date.now();
    const delivered = sendIntent(HallIntent.takeTicket, ask);
    // Not in the hall (yet): nothing was sent, and the page says so.
    if (!delivered) {
      setUnanswered({ at: askedAt, sent: false });
      return false;
    }
    setUnanswered(null);
    setPending({ service: ask.service, at: askedAt, appointmentAt: ask.appointmentAt });
    return true;
  }

  return { take, sent, unanswered, justTaken, fullWindow };
}

export type TakeTicket = ReturnType<typeof useTakeTicket>;
