// The Reflect polyfill must load before @peculiar/x509 (pulled in by features).
import 'reflect-metadata';
import { startServer } from './languageServer';

startServer();
