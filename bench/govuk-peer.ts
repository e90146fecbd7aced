/**
 * The case page's real peer (issue 20): the usual UK government TypeScript stack and nothing
 * else. Nunjucks renders GOV.UK Frontend's `govuk/template.njk` with the header, the footer, a
 * summary list of ten rows and two buttons (templates compiled once, as in production), served
 * by node:http: no database, no session, no CSRF token, no access control, no access log.
 * Started in its own process by bench/http.ts, which loads it beside the baseline.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import nunjucks from 'nunjucks';

const GOVUK = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'govuk-frontend', 'dist');

const PAGE = `{% extends "govuk/template.njk" %}
{% from "govuk/components/header/macro.njk" import govukHeader %}
{% from "govuk/components/footer/macro.njk" import govukFooter %}
{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% block pageTitle %}{{ title }} - Escalate - GOV.UK{% endblock %}
{% block header %}{{ govukHeader({ homepageUrl: "/" }) }}{% endblock %}
{% block content %}
  <h1 class="govuk-heading-l">{{ title }}</h1>
  {{ govukSummaryList({ rows: rows }) }}
  {{ govukButton({ text: "Record a discussion" }) }}
  {{ govukButton({ text: "Escalate to the next stage", classes: "govuk-button--secondary" }) }}
{% endblock %}
{% block footer %}{{ govukFooter({}) }}{% endblock %}`;

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([GOVUK]), { autoescape: true });
const page = nunjucks.compile(PAGE, env);

/** Ten rows, made for each request as a real page makes them from its data. */
function rows(id: string) {
  return Array.from({ length: 10 }, (_, i) => ({
    key: { text: `Question ${i + 1}` },
    value: { text: `The answer for case ${id}, row ${i + 1}` },
  }));
}

createServer((req, res) => {
  const id = (req.url ?? '/').split('/').pop() || 'none';
  const html = page.render({ title: `Disagreement ${id}`, rows: rows(id) });
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(html);
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
