import { render } from 'preact';
import type { WidgetBoot } from './boot';
import { DEFAULT_CONFIG, type ConfigDocument } from '../../libs/config-versioning/src/document/config-document.schema';
import { App } from './app';
import { reportHeight } from './messaging';
import { WidgetApi } from './widget-api';
import './widget.css';

// The page carries what the first screen needs (apps/api/src/web): no round trip before it paints.
const boot = JSON.parse(document.getElementById('mais-boot')!.textContent!) as WidgetBoot;
const root = document.getElementById('app')!;
root.textContent = '';
render(<App boot={boot} api={new WidgetApi(boot.publicKey)} defaults={structuredClone(DEFAULT_CONFIG) as ConfigDocument} />, root);
reportHeight(boot.parentOrigin, root);
