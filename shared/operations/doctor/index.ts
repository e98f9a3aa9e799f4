export type { DoctorCheck } from './check.js';
export {
  type AccountScopedNames,
  ALARM_BASE_NAMES,
  accountIdOf,
  type Deployment,
  type DeploymentInput,
  describeDeployment,
  MAPPED_ROLE_KINDS,
  partitionOf,
  SERVICE_NAME,
  TOPOLOGIES,
  TOPOLOGY_ALARM_BASE_NAMES,
  type Topology,
} from './deployment.js';
export { ROLES_MAPPING_PATH } from './openSearchChecks.js';
export {
  type DoctorClients,
  type DoctorOptions,
  type DoctorReport,
  formatDoctorReport,
  runDoctor,
} from './runDoctor.js';
