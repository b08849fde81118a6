import { CatalogueResponse } from '../catalogue.js';
import { defineRoute } from '../route.js';

export const catalogueApi = {
  list: defineRoute({ method: 'GET', path: '/api/catalogue', summary: 'Social & messaging apps the console knows', response: CatalogueResponse }),
};
