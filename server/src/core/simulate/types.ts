/**
 * Types of the simulated deployment preview. Type-only on purpose: the VS Code
 * client imports them (and the HTML renderer) without pulling in the core.
 */

export type Delivery = 'mdm-device' | 'mdm-user' | 'manual';
export type StepStatus = 'ok' | 'warning' | 'fails' | 'skipped';

/** What the preview assumes about the Mac, the user and the Okta org. Every field is optional on input. */
export interface Scenario {
  /** macOS version on the Mac ("13.6", "14.5", "15.4", "26"). Default: the deployment's target, else 15.0. */
  macOS: string;
  /** How the profiles reach the Mac. Default: MDM, device channel. */
  delivery: Delivery;
  device: {
    /** Default true. FileVault-window sync needs Apple silicon. */
    appleSilicon: boolean;
    /** Default true. Needed when FastPass requires biometrics. */
    touchIdEnrolled: boolean;
    /** Another local account of this Mac already registered with Okta. Default false. */
    oktaAccountAlreadyRegistered: boolean;
    /** The user who registers is MDM-managed (required from macOS 15.4). Default true. */
    userIsMdmManaged: boolean;
  };
  org: {
    /** Okta FastPass requires biometrics (Touch ID). Default false. */
    fastPassRequiresBiometrics: boolean;
    /** The user is assigned the Desktop Password Sync app. Default true. */
    userAssignedToDpsApp: boolean;
    /** The user has an Okta password (not a true passwordless user). Default true. */
    userHasOktaPassword: boolean;
  };
}

export interface ScenarioInput {
  macOS?: string;
  delivery?: Delivery;
  device?: Partial<Scenario['device']>;
  org?: Partial<Scenario['org']>;
}

export interface SimPosition {
  line: number;
  character: number;
}

/** The payload or key behind a step, so a UI can link to it. */
export interface Driver {
  documentId: string;
  span: { start: number; end: number };
  keyPath?: string;
  /** True when this key is why the step is not ok (otherwise it is context: what drives the step). */
  cause?: boolean;
  /** Line/character range, when the caller knew the document's text. */
  range?: { start: SimPosition; end: SimPosition };
}

export interface Step {
  id: string;
  title: string;
  status: StepStatus;
  /** Plain language: what happens on the Mac and why. */
  explanation: string;
  /** Where the behaviour is documented. */
  source: string;
  drivers: Driver[];
  /** Diagnostic codes whose problems decide this step. */
  relatedCodes: string[];
  /** The checker's own messages behind the step, for the curious. */
  details: string[];
}

export interface Timeline {
  scenario: Scenario;
  /** "14.5" */
  macOS: string;
  psso: '1.0' | '2.0';
  steps: Step[];
  outcomeStatus: 'ok' | 'warning' | 'fails';
  /** One line. */
  outcome: string;
}

export interface MatrixRow {
  id: string;
  title: string;
  /** One status per version, in `versions` order (undefined: the step does not exist there). */
  statuses: (StepStatus | undefined)[];
  differs: boolean;
  /** Key paths (or payloads) that make this row differ between versions. */
  causes: string[];
}

export interface Matrix {
  versions: string[];
  timelines: Timeline[];
  rows: MatrixRow[];
  outcomesDiffer: boolean;
}
