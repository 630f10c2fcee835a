/**
 * Renders a planned CloudWatch dashboard for reviewers without AWS: a Markdown table per widget
 * (what each graph plots, with which statistic and period) and an SVG of the grid layout.
 * Input is the dashboard body the program would send (`dashboardBody`), so what reviewers see is
 * what CloudWatch gets.
 */
import type { DashboardBody, DashboardWidget, MetricRow } from "../components/pipeline-dashboard";

export interface RenderedMetric {
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: string;
  readonly stat: string;
  readonly label: string;
}

/** One metric row of a widget, with the widget's defaults applied. */
export function describeMetric(row: MetricRow, defaults: { stat: string }): RenderedMetric {
  const options = typeof row[row.length - 1] === "object" ? (row[row.length - 1] as { stat?: string; label?: string }) : {};
  const parts = row.filter((p): p is string => typeof p === "string");
  const [namespace, metric, ...dims] = parts;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < dims.length; i += 2) pairs.push(`${dims[i]}=${dims[i + 1]}`);
  return { namespace, metric, dimensions: pairs.join(", "), stat: options.stat ?? defaults.stat, label: options.label ?? metric };
}

function periodText(seconds: number): string {
  return seconds % 86400 === 0 ? `${seconds / 86400} d` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function dashboardMarkdown(name: string, body: DashboardBody): string {
  const lines = [`### CloudWatch dashboard \`${name}\``, ""];
  const metrics = body.widgets.reduce((n, w) => n + (w.type === "metric" ? w.properties.metrics.length : 0), 0);
  lines.push(`${body.widgets.length} widgets, ${metrics} metrics (free tier: 3 dashboards, 50 metrics each).`, "");
  for (const widget of body.widgets) lines.push(...widgetMarkdown(widget), "");
  return lines.join("\n").trimEnd();
}

function widgetMarkdown(widget: DashboardWidget): string[] {
  const where = `grid ${widget.x},${widget.y} size ${widget.width}x${widget.height}`;
  if (widget.type === "alarm") {
    return [`#### ${widget.properties.title} (alarm status, ${where})`, "", ...widget.properties.alarms.map((arn) => `- \`${arn.split(":alarm:")[1] ?? arn}\``)];
  }
  const p = widget.properties;
  return [
    `#### ${p.title} (${where}, period ${periodText(p.period)})`,
    "",
    "| Label | Namespace | Metric | Dimensions | Statistic |",
    "| --- | --- | --- | --- | --- |",
    ...p.metrics.map((row) => {
      const m = describeMetric(row, p);
      return `| ${cell(m.label)} | ${cell(m.namespace)} | ${cell(m.metric)} | ${cell(m.dimensions)} | ${cell(m.stat)} |`;
    }),
  ];
}

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The dashboard's grid as an SVG picture: one panel per widget, its title and what it plots. */
export function dashboardSvg(name: string, body: DashboardBody): string {
  const unit = 40; // pixels per grid column; CloudWatch's grid is 24 columns wide
  const rowUnit = 36;
  const rows = Math.max(...body.widgets.map((w) => w.y + w.height));
  const width = 24 * unit;
  const height = rows * rowUnit + 40;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#f2f3f3"/>`,
    `<text x="8" y="24" font-size="16" font-weight="bold">${xml(name)}</text>`,
  ];
  for (const w of body.widgets) {
    const x = w.x * unit + 4;
    const y = w.y * rowUnit + 36;
    const wPx = w.width * unit - 8;
    const hPx = w.height * rowUnit - 8;
    parts.push(`<g><rect x="${x}" y="${y}" width="${wPx}" height="${hPx}" fill="#ffffff" stroke="#aab7b8"/>`);
    parts.push(`<text x="${x + 8}" y="${y + 18}" font-weight="bold">${xml(w.properties.title)}</text>`);
    const items =
      w.type === "alarm"
        ? w.properties.alarms.map((arn) => `\u25cf ${arn.split(":alarm:")[1] ?? arn}`)
        : w.properties.metrics.map((row) => {
            const m = describeMetric(row, w.properties);
            return `\u2014 ${m.label}: ${m.namespace} ${m.metric} (${m.stat})`;
          });
    items.forEach((item, i) => parts.push(`<text x="${x + 12}" y="${y + 38 + i * 16}">${xml(item)}</text>`));
    parts.push("</g>");
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
