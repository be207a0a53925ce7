/** Profile fields an enterprise declares and an import, a registry or a reviewer verifies. */
export const PROFILE_FIELDS = ['regionCode', 'scale', 'techSmeNo', 'highTechCertNo', 'inHighTechZone'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/**
 * The profile field each fact of the bureau's knowledge rests on (the blacklist flag is set by administrators only).
 * In the domain because screening's reason names each provisional fact with its field (system-reasons.ts).
 */
export const PROFILE_FACT_FIELDS: Readonly<Record<string, ProfileField>> = {
  regionCode: 'regionCode',
  scale: 'scale',
  isTechSme: 'techSmeNo',
  isHighTech: 'highTechCertNo',
  inHighTechZone: 'inHighTechZone',
};
