import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Space } from 'antd';
import { api } from '../../api';
import { useLocale, type MessageKey } from '../../i18n';
import { loadUnits } from '../../units';
import { Deadline } from '../../components/Deadline';
import type { Item } from '../../types';
import { periodKeyPattern } from './periods';
import { kindKeys, rateText } from './Rankings';
import type { Bulletin, UnitFigures } from './types';
import './analytics.css';

const escalationKeys: Record<string, MessageKey> = { remind_liaison: 'esc.remind_liaison', urge: 'esc.urge', supervise: 'esc.supervise', flag: 'esc.flag', bulletin: 'esc.bulletin' };

const chineseDate = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** The issue number: the month, or the quarter, of its year. */
const issueOf = (periodKey: string) => {
  const [, year, part] = periodKeyPattern.exec(periodKey) ?? [];
  return { year: year ?? '', no: part?.startsWith('Q') ? part.slice(1) : String(Number(part)) };
};

// 通报 as a document to print: heading, period, wording, the ranking, the red and black lists, the
// overdue items and the sub-targets, then the definitions. Printing hides the app's frame (see
// analytics.css): the page prints as the document alone.
export default function BulletinPrint() {
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const { period = '' } = useParams();
  const [bulletin, setBulletin] = useState<Bulletin>();
  const [overdue, setOverdue] = useState<Item[]>([]);
  const [issuer, setIssuer] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Bulletin>(`/bulletins/${encodeURIComponent(period)}`)
      .then(setBulletin)
      .catch((e: Error) => setError(e.message));
    api<{ overdue: Item[] }>('/supervision/overview')
      .then((overview) => setOverdue(overview.overdue))
      .catch(() => undefined);
    loadUnits()
      .then((units) => setIssuer([...units.values()].find((unit) => unit.kind === 'commission')?.name))
      .catch(() => undefined);
  }, [period]);
  if (error) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!bulletin) return <Card loading />;

  const issue = issueOf(bulletin.period.key);
  const counted = bulletin.units.filter((row) => row.assigned > 0);
  const totals = bulletin.units.reduce(
    (sum, row) => ({ assigned: sum.assigned + row.assigned, due: sum.due + row.onTime.denominator, onTime: sum.onTime + row.onTime.numerator, overdue: sum.overdue + row.overdue.numerator }),
    { assigned: 0, due: 0, onTime: 0, overdue: 0 },
  );
  const overallRate = totals.due === 0 ? '—' : `${((totals.onTime / totals.due) * 100).toFixed(1)}%`;
  const dateText = locale === 'en' ? bulletin.asOf : chineseDate(bulletin.asOf);
  const ranked = bulletin.units.filter((row) => row.rank !== null);
  const unranked = bulletin.units.filter((row) => row.rank === null && row.assigned > 0);

  const unitRows = (rows: UnitFigures[]) =>
    rows.map((row) => (
      <tr key={row.unitId}>
        <td>{row.rank ?? '—'}</td>
        <td className="srdi-doc-left">{row.unitName}</td>
        <td>{t(kindKeys[row.unitKind])}</td>
        <td>{row.assigned}</td>
        <td>{rateText(row.signOnTime)}</td>
        <td>{rateText(row.onTime)}</td>
        <td>{row.overdue.numerator}</td>
        <td>{row.carriedOverdue}</td>
        <td>{rateText(row.completion)}</td>
        <td>{rateText(row.satisfaction)}</td>
        <td>{row.extensions}</td>
      </tr>
    ));
  const unitHead = (
    <thead>
      <tr>
        <th>{t('rank.rank')}</th>
        <th>{t('unit')}</th>
        <th>{t('rank.kind')}</th>
        <th>{t('rank.assigned')}</th>
        <th>{t('rank.signOnTime')}</th>
        <th>{t('rank.onTime')}</th>
        <th>{t('rank.overdueCount')}</th>
        <th>{t('rank.carriedOverdue')}</th>
        <th>{t('rank.completion')}</th>
        <th>{t('rank.satisfaction')}</th>
        <th>{t('rank.extensions')}</th>
      </tr>
    </thead>
  );

  return (
    <div className="srdi-print-page">
      <Space className="srdi-no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => window.print()}>
          {t('doc.print')}
        </Button>
        <Button onClick={() => navigate(`/analytics/rankings?period=${bulletin.period.key}`)}>{t('doc.back')}</Button>
      </Space>
      <article className="srdi-print-document" aria-label={bulletin.title}>
        <header className="srdi-doc-head">
          <div className="srdi-doc-issuer">{t('doc.issuerHeading', { issuer: issuer ?? '' })}</div>
          <div className="srdi-doc-number" data-testid="doc-number">
            {t('doc.number', { year: issue.year, no: issue.no })}
          </div>
          <hr className="srdi-doc-rule" />
          <h1 className="srdi-doc-title">{bulletin.title}</h1>
        </header>
        <p className="srdi-doc-salutation">{t('doc.salutation')}</p>
        <p className="srdi-doc-para">{t('doc.opening', { label: bulletin.period.label, from: bulletin.period.from, to: bulletin.period.to })}</p>

        <h2>{t('doc.section1')}</h2>
        <p className="srdi-doc-para" data-testid="doc-summary">
          {t('doc.summary', { units: counted.length, assigned: totals.assigned, asOf: dateText, due: totals.due, onTime: totals.onTime, overdue: totals.overdue, rate: overallRate })}
        </p>

        <h2>{t('doc.section2')}</h2>
        <table className="srdi-doc-table" data-testid="doc-ranking">
          {unitHead}
          <tbody>{unitRows(ranked)}</tbody>
        </table>
        {unranked.length > 0 && <p className="srdi-doc-note">{t('doc.unranked', { units: unranked.map((row) => row.unitName).join('、') })}</p>}

        <h2>{t('doc.section3')}</h2>
        <p className="srdi-doc-para">{bulletin.redList.length === 0 ? t('doc.redNone') : t('doc.redText', { units: bulletin.redList.map((row) => row.unitName).join('、') })}</p>

        <h2>{t('doc.section4')}</h2>
        <p className="srdi-doc-para">
          {bulletin.blackList.length === 0 ? t('doc.blackNone') : t('doc.blackText', { units: bulletin.blackList.map((row) => (row.carriedOverdue > 0 ? t('doc.blackUnitCarried', { unit: row.unitName, n: row.overdue.numerator + row.carriedOverdue, carried: row.carriedOverdue }) : t('doc.blackUnit', { unit: row.unitName, n: row.overdue.numerator }))).join('、') })}
        </p>

        <h2>{t('doc.section5')}</h2>
        {overdue.length === 0 ? (
          <p className="srdi-doc-para">{t('doc.noOverdue')}</p>
        ) : (
          <table className="srdi-doc-table" data-testid="doc-overdue">
            <thead>
              <tr>
                <th>{t('doc.no')}</th>
                <th>{t('title')}</th>
                <th>{t('leadUnit')}</th>
                <th>{t('deadline')}</th>
                <th>{t('doc.escalation')}</th>
              </tr>
            </thead>
            <tbody>
              {overdue.map((item, index) => (
                <tr key={item.id}>
                  <td>{index + 1}</td>
                  <td className="srdi-doc-left">{item.title}</td>
                  <td className="srdi-doc-left">{item.leadUnit.name}</td>
                  <td>
                    <Deadline dueOn={item.dueOn} colour={item.colour} provisional={item.provisional} />
                  </td>
                  <td>{typeof item.escalation === 'string' && item.escalation ? (escalationKeys[item.escalation] ? t(escalationKeys[item.escalation]!) : item.escalation) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>{t('doc.section6')}</h2>
        <table className="srdi-doc-table">
          <thead>
            <tr>
              <th>{t('goals.measure')}</th>
              <th>{t('goals.subTarget')}</th>
              <th>{t('goals.target')}</th>
              <th>{t('goals.actual')}</th>
              <th>{t('goals.share')}</th>
            </tr>
          </thead>
          <tbody>
            {bulletin.subTargets.map((row) => (
              <tr key={`${row.measureId}/${row.name}`}>
                <td>{t('goals.measureNo', { no: row.measureNo })}</td>
                <td className="srdi-doc-left">{row.name}</td>
                <td>{row.per === 'year' ? `${row.target}${t('goals.perYear')}` : row.target}</td>
                <td>{row.actual}</td>
                <td>{row.share === null ? '—' : `${(row.share * 100).toFixed(1)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2>{t('doc.section7')}</h2>
        <p className="srdi-doc-para">{t('doc.requirements')}</p>

        <section className="srdi-doc-appendix">
          <h3>{t('doc.definitions')}</h3>
          <ol>
            {[...Object.values(bulletin.definitions), ...bulletin.notes].map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ol>
        </section>
        <footer className="srdi-doc-foot">
          <div>{issuer}</div>
          <div>{dateText}</div>
        </footer>
      </article>
    </div>
  );
}
