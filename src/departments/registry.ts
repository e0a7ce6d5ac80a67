import type { DepartmentModule } from '../contract/department-module.js';
import { civilAffairs } from './civil-affairs/index.js';
import { disability } from './disability/index.js';
import { education } from './education/index.js';
import { womensFederation } from './womens-federation/index.js';
import { health } from './health/index.js';
import { hrss } from './hrss/index.js';

/** Every department the hub serves. Adding a department is one line here (docs/extending.md). */
export const departments: DepartmentModule[] = [civilAffairs, disability, education, womensFederation, health, hrss];
