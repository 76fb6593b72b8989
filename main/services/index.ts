export { listServices, serviceLogs, stopService, type ServiceInfo, type ServiceList, type ServicesDeps } from './services';
export { LocalServices, localServicesOf, type LocalServiceEntry, type LocalServicesOptions } from './local-services';
