export { listServices, serviceLogs, stopService, type ServiceInfo, type ServiceList, type ServicesDeps } from './services';
export { LocalServices, type LocalServiceEntry } from './local-services';
