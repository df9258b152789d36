// Path parameters and the UUID pattern, defined once for every module's routes and pages.
// The descriptions end up in the OpenAPI document; a module whose operations explain the Dutch term
// (gemeente, zorgaanbieder) passes its own description, so the document says what it said before.
import { z } from '@hono/zod-openapi';
import { uuidParam } from './openapi.js';

/** A UUID in its text form, any version, either case (what Postgres accepts as uuid input). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

export const municipalityIdParam = (description = 'The municipality.') => uuidParam('municipalityId', description);
export const providerIdParam = (description = 'The provider.') => uuidParam('providerId', description);
export const agreementIdParam = (description = 'The agreement.') => uuidParam('agreementId', description);

/** /municipalities/{municipalityId}/… */
export const MunicipalityParams = z.object({ municipalityId: municipalityIdParam() });
/** /providers/{providerId}/… */
export const ProviderParams = z.object({ providerId: providerIdParam() });
/** /municipalities/{municipalityId}/agreements/{agreementId}/… */
export const AgreementParams = MunicipalityParams.extend({ agreementId: agreementIdParam() });
