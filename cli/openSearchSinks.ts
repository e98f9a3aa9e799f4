// placeholder until the OpenSearch sink lands
export {};
