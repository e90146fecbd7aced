// GOV.UK Frontend's template sets these classes with an inline script; ours comes from this
// file (loaded synchronously at the start of <body>) so the CSP can refuse all inline script.
document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported');
}
