const REGION_CODE = /^\d{6}$/;

/**
 * Whether a 6-digit administrative division code (GB/T 2260) lies in the bureau's area: Fuzhou is 3501xx
 * (350102 鼓楼 … 350181 福清, 350128 平潭). The prefix is a program parameter, not a constant.
 */
export function isInBureauArea(regionCode: string | number, params: { regionPrefix: string }): boolean {
  const code = String(regionCode);
  return REGION_CODE.test(code) && params.regionPrefix.length > 0 && code.startsWith(params.regionPrefix);
}
