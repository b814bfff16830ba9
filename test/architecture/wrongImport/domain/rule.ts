// A rule that reaches up into the HTTP edge: the architecture test must refuse it.
import { route } from '../api/route.js';

export const rule = () => route.length > 0;
