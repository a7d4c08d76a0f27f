import { useSearchParams } from 'react-router';
import { Card, Tabs } from 'antd';
import { useLocale } from '../../i18n';
import { ApplyListing } from './ApplyListing';
import { ApplyRecognition } from './ApplyRecognition';
import { ApplySubsidy } from './ApplySubsidy';
import { RaiseDifficulty } from './RaiseDifficulty';

const kinds = ['difficulty', 'subsidy', 'recognition', 'listing'] as const;
type Kind = (typeof kinds)[number];

// 我要办理: one page, one tab per thing an enterprise can start; the tab is kept in the URL.
export default function ApplyPage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const kind: Kind = kinds.find((candidate) => candidate === params.get('kind')) ?? 'difficulty';
  return (
    <Card title={t('portal.apply.title')}>
      <Tabs
        activeKey={kind}
        onChange={(next) => setParams({ kind: next }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'difficulty', label: t('portal.apply.difficulty'), children: <RaiseDifficulty /> },
          { key: 'subsidy', label: t('portal.apply.subsidy'), children: <ApplySubsidy /> },
          { key: 'recognition', label: t('portal.apply.recognition'), children: <ApplyRecognition /> },
          { key: 'listing', label: t('portal.apply.listing'), children: <ApplyListing /> },
        ]}
      />
    </Card>
  );
}
