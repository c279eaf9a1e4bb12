import { useTranslation } from 'react-i18next';
import {
  CONCERN_DEPARTMENT_MAX,
  CONCERN_NOTE_MAX,
  CONCERN_REASON_MAX,
  CONCERN_REPLY_MAX,
  ConcernStatus,
  ConcernStep,
  type ConcernView,
} from '../../../shared/concerns.ts';
import { Tabs } from '../../ui/index.ts';
import { StepForm } from './StepForm.tsx';

/**
 * What an officer may do next on a concern, one tab each: reply (the only way it is answered, so nothing is
 * closed without one), note, book a visit, refer. Once answered, the merchant has the word: only notes remain.
 */
export function OfficerActions({ concern, onDone }: { concern: ConcernView; onDone: (c: ConcernView) => void }) {
  const { t } = useTranslation();
  const form = (kind: ConcernStep, fields: Parameters<typeof StepForm>[0]['fields'], submit: string) => (
    <StepForm concernId={concern.id} kind={kind} fields={fields} submitLabel={submit} onDone={onDone} />
  );
  const note = {
    value: ConcernStep.note,
    label: t('concerns.tabs.note'),
    content: form(
      ConcernStep.note,
      [{ name: 'text', label: t('concerns.fieldNames.text'), multiline: true, max: CONCERN_NOTE_MAX }],
      t('concerns.noteGo'),
    ),
  };
  if (concern.status === ConcernStatus.answered) {
    return (
      <>
        <p className="small">{t('concerns.awaitingMerchant')}</p>
        <Tabs label={t('concerns.actions')} tabs={[note]} />
      </>
    );
  }
  return (
    <Tabs
      label={t('concerns.actions')}
      tabs={[
        {
          value: ConcernStep.reply,
          label: t('concerns.tabs.reply'),
          content: (
            <StepForm
              concernId={concern.id}
              kind={ConcernStep.reply}
              fields={[
                { name: 'text', label: t('concerns.fieldNames.reply'), multiline: true, max: CONCERN_REPLY_MAX },
              ]}
              submitLabel={t('concerns.replyGo')}
              needs={{ field: 'text', why: t('concerns.replyWhy') }}
              onDone={onDone}
            />
          ),
        },
        note,
        {
          value: ConcernStep.bookVisit,
          label: t('concerns.tabs.bookVisit'),
          content: form(
            ConcernStep.bookVisit,
            [
              { name: 'date', label: t('concerns.fieldNames.date'), type: 'date' },
              { name: 'from', label: t('concerns.fieldNames.from'), type: 'time' },
              { name: 'to', label: t('concerns.fieldNames.to'), type: 'time' },
              { name: 'text', label: t('concerns.visitText'), multiline: true, max: CONCERN_NOTE_MAX },
            ],
            t('concerns.bookVisitGo'),
          ),
        },
        {
          value: ConcernStep.refer,
          label: t('concerns.tabs.refer'),
          content: form(
            ConcernStep.refer,
            [
              { name: 'department', label: t('concerns.fieldNames.department'), max: CONCERN_DEPARTMENT_MAX },
              { name: 'reason', label: t('concerns.fieldNames.reason'), multiline: true, max: CONCERN_REASON_MAX },
            ],
            t('concerns.referGo'),
          ),
        },
      ]}
    />
  );
}
