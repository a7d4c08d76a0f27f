import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useLocale } from '../i18n';
import { unitName, useUnits } from '../units';

echarts.use([BarChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface UnitCounts {
  unitId: string;
  green: number;
  yellow: number;
  red: number;
}

/** Open items each unit leads, stacked by colour, units by name (ECharts, tree-shaken to the bar chart). */
export function UnitColourChart({ rows, labels }: { rows: UnitCounts[]; labels: { green: string; yellow: string; red: string } }) {
  const element = useRef<HTMLDivElement>(null);
  const units = useUnits();
  const { t } = useLocale();
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    const top = rows.slice(0, 15).map((row) => ({ ...row, name: unitName(units, row.unitId) }));
    // The canvas says nothing to a screen reader: the same figures as the chart's description.
    const description = top.map((row) => t('chart.unitRow', { name: row.name, redLabel: labels.red, red: row.red, yellowLabel: labels.yellow, yellow: row.yellow, greenLabel: labels.green, green: row.green })).join(t('chart.rowSeparator'));
    chart.setOption({
      aria: { enabled: true, label: { description } },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 80, top: 32 },
      xAxis: { type: 'category', data: top.map((row) => row.name), axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['red', 'yellow', 'green'] as const).map((colour) => ({
        name: labels[colour],
        type: 'bar',
        barMaxWidth: 48,
        stack: 'open',
        data: top.map((row) => row[colour]),
        itemStyle: { color: { red: '#cf1322', yellow: '#d48806', green: '#389e0d' }[colour] },
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [rows, labels, units, t]);
  return <div ref={element} className="srdi-chart" style={{ height: 300 }} role="img" aria-label={t('chart.unitColours')} data-testid="unit-colour-chart" />;
}
