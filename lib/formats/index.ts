import { charityStackFormat } from './charitystack';
import { kajabiFormat } from './kajabi';
import { nationBuilderFormat } from './nationbuilder';
import { siteStackerFormat } from './sitestacker';
import { standardFormat } from './standard';
import { webconnexFormat } from './webconnex';
import type { WireFormat } from './wire-format';

// docs/wire-formats.md: `standard` plus one format per seed, so a receiver written from that seed's
// documentation works unchanged.
const FORMATS: Record<string, WireFormat> = Object.fromEntries(
  [standardFormat, siteStackerFormat, webconnexFormat, nationBuilderFormat, kajabiFormat, charityStackFormat].map(
    (format) => [format.name, format],
  ),
);

export function getWireFormat(name: string): WireFormat {
  return FORMATS[name] ?? standardFormat;
}
