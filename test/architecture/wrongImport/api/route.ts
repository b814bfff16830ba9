import { rule } from '../domain/rule.js';

export const route = 'GET /';
export const allowed = () => rule();
