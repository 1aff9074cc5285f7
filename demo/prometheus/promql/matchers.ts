/**
 * Compiles a label-matcher regular expression the way Prometheus does: fully anchored, so that
 * `job=~"fluentd"` matches only the value "fluentd", never "fluentd-forwarder".
 * Go (RE2) syntax and JavaScript syntax agree on what label matchers use in practice; the two
 * differences that do occur — leading flag groups such as `(?i)` and `(?P<name>…)` groups — are
 * translated.
 * @example compileMatcherRegex('fluentd.*').test('fluentd-forwarder') // true
 */
export function compileMatcherRegex(pattern: string): RegExp {
  let source = pattern;
  let flags = '';
  const flagGroup = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (flagGroup !== null) {
    for (const flag of flagGroup[1] ?? '') {
      if (flag === 'i') flags += 'i';
      else if (flag === 's') flags += 's';
      else throw new Error(`flag "${flag}" is not supported`);
    }
    source = source.slice(flagGroup[0].length);
  }
  source = source.replaceAll('(?P<', '(?<');
  return new RegExp(`^(?:${source})$`, flags);
}
