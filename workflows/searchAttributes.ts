import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PartnerTenantId = defineSearchAttributeKey('PartnerTenantId', SearchAttributeType.KEYWORD);
export const CustomerTenantId = defineSearchAttributeKey('CustomerTenantId', SearchAttributeType.KEYWORD);
export const RequestStatus = defineSearchAttributeKey('RequestStatus', SearchAttributeType.KEYWORD);
export const Cloud = defineSearchAttributeKey('Cloud', SearchAttributeType.KEYWORD);

export const searchAttributeNames = [PartnerTenantId, CustomerTenantId, RequestStatus, Cloud].map((key) => key.name);
