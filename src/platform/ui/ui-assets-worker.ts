// The pages' NL Design System CSS on Workers: there is no file system, so wrangler bundles the
// files of the pinned packages into the Worker as text modules (see [[rules]] in wrangler.toml).
// Imported by src/worker.ts only. The order is UI_COMPONENTS' (assets.ts); a test checks they agree.
import root from '@utrecht/root-css/dist/index.min.css';
import document from '@utrecht/document-css/dist/index.min.css';
import page from '@utrecht/page-css/dist/index.min.css';
import pageHeader from '@utrecht/page-header-css/dist/index.min.css';
import pageContent from '@utrecht/page-content-css/dist/index.min.css';
import pageFooter from '@utrecht/page-footer-css/dist/index.min.css';
import skipLink from '@utrecht/skip-link-css/dist/index.min.css';
import heading1 from '@utrecht/heading-1-css/dist/index.min.css';
import heading2 from '@utrecht/heading-2-css/dist/index.min.css';
import heading3 from '@utrecht/heading-3-css/dist/index.min.css';
import paragraph from '@utrecht/paragraph-css/dist/index.min.css';
import link from '@utrecht/link-css/dist/index.min.css';
import unorderedList from '@utrecht/unordered-list-css/dist/index.min.css';
import orderedList from '@utrecht/ordered-list-css/dist/index.min.css';
import separator from '@utrecht/separator-css/dist/index.min.css';
import navBar from '@utrecht/nav-bar-css/dist/index.min.css';
import navList from '@utrecht/nav-list-css/dist/index.min.css';
import alternateLangNav from '@utrecht/alternate-lang-nav-css/dist/index.min.css';
import alert from '@utrecht/alert-css/dist/index.min.css';
import buttonLink from '@utrecht/button-link-css/dist/index.min.css';
import table from '@utrecht/table-css/dist/index.min.css';
import dataList from '@utrecht/data-list-css/dist/index.min.css';
import statusBadge from '@utrecht/status-badge-css/dist/index.min.css';
import formField from '@utrecht/form-field-css/dist/index.min.css';
import formFieldset from '@utrecht/form-fieldset-css/dist/index.min.css';
import formLabel from '@utrecht/form-label-css/dist/index.min.css';
import formFieldDescription from '@utrecht/form-field-description-css/dist/index.min.css';
import formFieldErrorMessage from '@utrecht/form-field-error-message-css/dist/index.min.css';
import textbox from '@utrecht/textbox-css/dist/index.min.css';
import textarea from '@utrecht/textarea-css/dist/index.min.css';
import select from '@utrecht/select-css/dist/index.min.css';
import checkbox from '@utrecht/checkbox-css/dist/index.min.css';
import radioButton from '@utrecht/radio-button-css/dist/index.min.css';
import button from '@utrecht/button-css/dist/index.min.css';
import buttonGroup from '@utrecht/button-group-css/dist/index.min.css';
import tokens from '@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css';
import type { UiAssetSources } from './assets.js';

export const WORKER_UI_COMPONENTS = ['root', 'document', 'page', 'page-header', 'page-content', 'page-footer', 'skip-link', 'heading-1', 'heading-2', 'heading-3', 'paragraph', 'link', 'unordered-list', 'ordered-list', 'separator', 'nav-bar', 'nav-list', 'alternate-lang-nav', 'alert', 'button-link', 'table', 'data-list', 'status-badge', 'form-field', 'form-fieldset', 'form-label', 'form-field-description', 'form-field-error-message', 'textbox', 'textarea', 'select', 'checkbox', 'radio-button', 'button', 'button-group'] as const;

export const workerUiAssets = (): UiAssetSources => ({
  components: [root, document, page, pageHeader, pageContent, pageFooter, skipLink, heading1, heading2, heading3, paragraph, link, unorderedList, orderedList, separator, navBar, navList, alternateLangNav, alert, buttonLink, table, dataList, statusBadge, formField, formFieldset, formLabel, formFieldDescription, formFieldErrorMessage, textbox, textarea, select, checkbox, radioButton, button, buttonGroup],
  tokens,
});
