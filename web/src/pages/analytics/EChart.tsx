import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GaugeChart, LineChart, AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/**
 * One ECharts chart. `description` is what a screen reader hears instead of the canvas: the
 * chart's figures in words (and what the browser test reads to check the names shown).
 */
export function EChart({ option, description, height = 280, testId }: { option: echarts.EChartsCoreOption; description: string; height?: number; testId?: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    chart.setOption({ aria: { enabled: true, label: { description } }, ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option, description]);
  return <div ref={element} className="srdi-chart" style={{ height }} role="img" aria-label={description} data-testid={testId} />;
}
