import { LightningElement } from 'lwc';

/**
 * The Okta Sync Setup page: one tab per job. Each tab is its own component and loads its data
 * when it is first shown.
 */
export default class OktaSyncSetup extends LightningElement {
    activeTab = 'mappings';

    handleActive(event) {
        this.activeTab = event.target.value;
    }
}
