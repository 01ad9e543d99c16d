import { parseVersion } from '../version';
import type { Delivery, Scenario, ScenarioInput } from './types';

export const DELIVERIES: readonly Delivery[] = ['mdm-device', 'mdm-user', 'manual'];
/** The macOS versions the matrix compares. */
export const MATRIX_VERSIONS = ['13.0', '14.0', '15.0', '26.0'] as const;
/** When neither the scenario nor the deployment says which macOS: a current release with every DPS feature. */
export const FALLBACK_MACOS = '15.0';

export const DEFAULT_DEVICE: Scenario['device'] = {
  appleSilicon: true,
  touchIdEnrolled: true,
  oktaAccountAlreadyRegistered: false,
  userIsMdmManaged: true,
};

export const DEFAULT_ORG: Scenario['org'] = {
  fastPassRequiresBiometrics: false,
  userAssignedToDpsApp: true,
  userHasOktaPassword: true,
};

/** Fill the gaps of a scenario with the documented defaults. */
export function resolveScenario(input: ScenarioInput | undefined, fallbackMacOS: string = FALLBACK_MACOS): Scenario {
  const macOS = input?.macOS !== undefined && parseVersion(input.macOS) ? input.macOS.trim() : fallbackMacOS;
  return {
    macOS,
    delivery: input?.delivery && DELIVERIES.includes(input.delivery) ? input.delivery : 'mdm-device',
    device: { ...DEFAULT_DEVICE, ...pickBooleans(input?.device, DEFAULT_DEVICE) },
    org: { ...DEFAULT_ORG, ...pickBooleans(input?.org, DEFAULT_ORG) },
  };
}

function pickBooleans<T extends Record<string, boolean>>(value: unknown, shape: T): Partial<T> {
  const out: Partial<T> = {};
  if (!value || typeof value !== 'object') return out;
  for (const key of Object.keys(shape) as (keyof T)[]) {
    const v = (value as Record<string, unknown>)[key as string];
    if (typeof v === 'boolean') out[key] = v as T[keyof T];
  }
  return out;
}

/**
 * Read a scenario from untrusted JSON (a --scenario file, a webview message).
 * Unknown or mistyped fields are reported and left at their defaults.
 */
export function parseScenario(raw: unknown): { scenario: ScenarioInput; errors: string[] } {
  const errors: string[] = [];
  const scenario: ScenarioInput = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { scenario, errors: ['the scenario must be a JSON object'] };
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!['macOS', 'delivery', 'device', 'org'].includes(key)) errors.push(`unknown scenario field "${key}"`);
  }
  if (obj.macOS !== undefined) {
    const v = typeof obj.macOS === 'number' ? String(obj.macOS) : obj.macOS;
    if (typeof v === 'string' && parseVersion(v)) scenario.macOS = v;
    else errors.push('"macOS" must be a version such as "14.5"');
  }
  if (obj.delivery !== undefined) {
    if (typeof obj.delivery === 'string' && (DELIVERIES as readonly string[]).includes(obj.delivery)) scenario.delivery = obj.delivery as Delivery;
    else errors.push(`"delivery" must be one of ${DELIVERIES.join(', ')}`);
  }
  const group = (name: 'device' | 'org', shape: Record<string, boolean>) => {
    const value = obj[name];
    if (value === undefined) return undefined;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      errors.push(`"${name}" must be an object`);
      return undefined;
    }
    const out: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!(k in shape)) errors.push(`unknown field "${name}.${k}"`);
      else if (typeof v !== 'boolean') errors.push(`"${name}.${k}" must be true or false`);
      else out[k] = v;
    }
    return out;
  };
  const device = group('device', DEFAULT_DEVICE);
  if (device) scenario.device = device;
  const org = group('org', DEFAULT_ORG);
  if (org) scenario.org = org;
  return { scenario, errors };
}
