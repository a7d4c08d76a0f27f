import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface UnitCounts {
  unitId: string;
  green: number;
  yellow: number;
  red: number;
}

/** Open items each unit leads, stacked by colour (ECharts, tree-shaken to the bar chart). */
export function UnitColourChart({ rows, labels }: { rows: UnitCounts[]; labels: { green: string; yellow: string; red: string } }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    const top = rows.slice(0, 15);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 60, top: 32 },
      xAxis: { type: 'category', data: top.map((row) => row.unitId), axisLabel: { rotate: 35 } },
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
  }, [rows, labels]);
  return <div ref={element} className="srdi-chart" role="img" aria-label="各单位在办事项按颜色统计图" />;
}
