export { findContinent } from './continents.js';
export { DEFAULT_GEO_DATABASE, type GeoLookup, openGeoDatabase } from './database.js';
export { formatIp, isPublicIp, type ParsedIp, parseIp, truncateIp } from './ipAddress.js';
