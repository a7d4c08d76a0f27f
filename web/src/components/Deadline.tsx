import { Space, Tag, Tooltip } from 'antd';
import { todayInShanghai } from '../dates';
import { useLocale } from '../i18n';
import { useSession } from '../session';
import type { Colour } from '../types';

const tagColours: Record<Colour, string> = { green: 'success', yellow: 'warning', red: 'error' };

export function ColourTag({ colour }: { colour: Colour }) {
  const { t } = useLocale();
  return (
    <Tag color={tagColours[colour]} data-colour={colour}>
      {t(`colour.${colour}`)}
    </Tag>
  );
}

/**
 * A deadline as the platform shows every one: the date (Shanghai), working days left, its colour.
 * Work already done shows how it ended against the deadline (on time, or N working days late)
 * instead of a clock still counting.
 */
export function Deadline({ dueOn, colour, provisional, doneOn }: { dueOn: string | null | undefined; colour: Colour; provisional?: boolean; doneOn?: string | null }) {
  const { t } = useLocale();
  const { workingDays } = useSession();
  if (doneOn) {
    const late = dueOn ? -workingDays.left(doneOn, dueOn) : 0;
    return (
      <Space size={4} wrap className="srdi-deadline">
        {dueOn && <time dateTime={dueOn}>{dueOn}</time>}
        <Tag color={late > 0 ? 'error' : 'success'} data-testid="deadline-outcome">
          {late > 0 ? t('deadline.doneLate', { date: doneOn, n: late }) : t('deadline.doneOnTime', { date: doneOn })}
        </Tag>
      </Space>
    );
  }
  if (!dueOn) {
    return (
      <Space size={4}>
        <span>{t('deadline.none')}</span>
        <ColourTag colour={colour} />
      </Space>
    );
  }
  const left = workingDays.left(todayInShanghai(), dueOn);
  const text = left > 0 ? t('deadline.left', { n: left }) : left === 0 ? t('deadline.today') : t('deadline.over', { n: -left });
  return (
    <Space size={4} wrap className="srdi-deadline">
      <time dateTime={dueOn}>{dueOn}</time>
      <span>{text}</span>
      <ColourTag colour={colour} />
      {provisional && (
        <Tooltip title={t('deadline.provisionalHint')}>
          <Tag>{t('deadline.provisional')}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}
