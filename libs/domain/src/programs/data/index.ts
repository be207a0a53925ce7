import type { ProgramVersion } from '../program-version';
import { parseProgramVersion } from '../parse-program-version';
import highTechReward2019 from './high-tech-reward-2019.json';
import innovationVoucher2019 from './innovation-voucher-2019.json';
import innovationVoucher2024 from './innovation-voucher-2024.json';
import rdSubsidy2019 from './rd-subsidy-2019.json';
import rdSubsidy2025 from './rd-subsidy-2025.json';

/**
 * The published versions shipped with the code: the seed of `program_versions` and what the CLI judges by.
 * Checked when loaded, so a broken file fails at start-up rather than on some later case.
 */
export const BUILTIN_PROGRAM_VERSIONS: readonly ProgramVersion[] = Object.freeze(
  [innovationVoucher2019, innovationVoucher2024, rdSubsidy2019, rdSubsidy2025, highTechReward2019].map((raw) =>
    Object.freeze(parseProgramVersion(raw)),
  ),
);
