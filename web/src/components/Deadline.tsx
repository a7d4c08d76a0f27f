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

/** A deadline as the platform shows every one: the date (Shanghai), working days left, its colour. */
export function Deadline({ dueOn, colour, provisional }: { dueOn: string | null | undefined; colour: Colour; provisional?: boolean }) {
  const { t } = useLocale();
  const { workingDays } = useSession();
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
        <Tooltip title="当年节假日安排尚未公布，期限为暂定">
          <Tag>暂定</Tag>
        </Tooltip>
      )}
    </Space>
  );
}
